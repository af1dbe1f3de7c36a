/** graph-ts `crypto.keccak256` (graph-node host_exports.rs, tiny-keccak). */
import { keccak256 as viemKeccak } from 'viem'

export const keccak256 = (data: Uint8Array): Uint8Array => viemKeccak(data, 'bytes')
