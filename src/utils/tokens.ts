// Token metadata, read once per token with try_ calls: the only eth_calls of the subgraph.
// A reverting call (non-standard token) leaves the field null instead of failing the handler.
import { Address } from "@graphprotocol/graph-ts";
import { Collection, RewardToken } from "../../generated/schema";
import { ERC20 } from "../../generated/templates/NFTStakingVault/ERC20";
import { ERC721 } from "../../generated/templates/NFTStakingVault/ERC721";

export function getOrCreateRewardToken(address: Address): RewardToken {
  let token = RewardToken.load(address);
  if (token != null) return token;
  token = new RewardToken(address);
  const erc20 = ERC20.bind(address);
  const name = erc20.try_name();
  if (!name.reverted) token.name = name.value;
  const symbol = erc20.try_symbol();
  if (!symbol.reverted) token.symbol = symbol.value;
  const decimals = erc20.try_decimals();
  if (!decimals.reverted) token.decimals = decimals.value;
  token.save();
  return token;
}

export function getOrCreateCollection(address: Address): Collection {
  let collection = Collection.load(address);
  if (collection != null) return collection;
  collection = new Collection(address);
  const erc721 = ERC721.bind(address);
  const name = erc721.try_name();
  if (!name.reverted) collection.name = name.value;
  const symbol = erc721.try_symbol();
  if (!symbol.reverted) collection.symbol = symbol.value;
  collection.save();
  return collection;
}
