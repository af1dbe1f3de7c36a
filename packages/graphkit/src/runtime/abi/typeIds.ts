/**
 * graph-node's `IndexForAscTypeId` numbering (graph/src/runtime/mod.rs), which graph-ts's
 * `id_of_type` export (global/global.ts) maps to the module's own class ids (`idof<T>()`).
 */
export const TYPE_INDEX = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayBool: 13,
  ArrayUint8Array: 14,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayJsonValue: 17,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringJsonValue: 20,
  ArrayTypedMapEntryStringStoreValue: 21,
  SmartContractCall: 22,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumCall: 26,
  WrappedTypedMapStringJsonValue: 27,
  WrappedBool: 28,
  WrappedJsonValue: 29,
  EthereumValue: 30,
  StoreValue: 31,
  JsonValue: 32,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapEntryStringJsonValue: 35,
  TypedMapStringStoreValue: 36,
  TypedMapStringJsonValue: 37,
  TypedMapStringTypedMapStringJsonValue: 38,
  ResultTypedMapStringJsonValueBool: 39,
  ResultJsonValueBool: 40,
  ArrayBigDecimal: 51,
  TransactionReceipt: 1000,
  Log: 1001,
  ArrayH256: 1002,
  ArrayLog: 1003,
  ArrayTypedMapStringStoreValue: 1004,
} as const

export type TypeName = keyof typeof TYPE_INDEX

/** graph-ts `ValueKind` (common/value.ts). */
export const STORE_KIND = {
  String: 0, Int: 1, BigDecimal: 2, Bool: 3, Array: 4, Null: 5, Bytes: 6, BigInt: 7, Int8: 8, Timestamp: 9,
} as const

/** graph-ts `ethereum.ValueKind` (chain/ethereum.ts). */
export const ETH_KIND = {
  address: 0, fixedBytes: 1, bytes: 2, int: 3, uint: 4, bool: 5, string: 6, fixedArray: 7, array: 8, tuple: 9,
} as const

/** graph-ts `JSONValueKind` (common/json.ts). */
export const JSON_KIND = { null: 0, bool: 1, number: 2, string: 3, array: 4, object: 5 } as const
