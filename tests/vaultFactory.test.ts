// Mapping tests of the factory data source: vaults and one template instance per vault.
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handleVaultCreated } from "../src/mappings/vaultFactory";
import { FACTORY, OWNER, VAULT, VAULT2, vaultCreated } from "./events";

afterEach(() => {
  clearStore();
});

describe("handleVaultCreated", () => {
  test("creates the factory, each vault and one NFTStakingVault template per vault", () => {
    handleVaultCreated(vaultCreated(VAULT, 0, 100));
    handleVaultCreated(vaultCreated(VAULT2, 1, 200));
    assert.fieldEquals("Factory", FACTORY.toHexString(), "vaultCount", "2");
    assert.fieldEquals("Vault", VAULT.toHexString(), "name", "Vault 0");
    assert.fieldEquals("Vault", VAULT2.toHexString(), "vaultIndex", "1");
    assert.fieldEquals("Vault", VAULT2.toHexString(), "owner", OWNER.toHexString());
    assert.dataSourceCount("NFTStakingVault", 2);
    assert.dataSourceExists("NFTStakingVault", VAULT.toHexString());
  });
});
