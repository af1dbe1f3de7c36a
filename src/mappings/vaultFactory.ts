// VaultFactory data source: every vault the factory creates becomes an NFTStakingVault template instance.
import { BigInt } from "@graphprotocol/graph-ts";
import { VaultCreated } from "../../generated/VaultFactory/VaultFactory";
import { Factory, Vault } from "../../generated/schema";
import { NFTStakingVault } from "../../generated/templates";

export function handleVaultCreated(event: VaultCreated): void {
  let factory = Factory.load(event.address);
  if (factory == null) {
    factory = new Factory(event.address);
    factory.vaultCount = BigInt.zero();
    factory.poolCount = BigInt.zero();
    factory.totalStaked = BigInt.zero();
  }
  factory.vaultCount = factory.vaultCount.plus(BigInt.fromI32(1));
  factory.save();

  const vault = new Vault(event.params.vault);
  vault.factory = factory.id;
  vault.vaultIndex = event.params.vaultIndex;
  vault.name = event.params.name;
  vault.owner = event.params.owner;
  vault.poolCount = BigInt.zero();
  vault.totalStaked = BigInt.zero();
  vault.createdAtBlock = event.block.number;
  vault.createdAtTimestamp = event.block.timestamp;
  vault.createdAtTx = event.transaction.hash;
  vault.save();

  NFTStakingVault.create(event.params.vault);
}
