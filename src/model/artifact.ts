import { createHash } from 'node:crypto';
import { CoplayError } from '../errors.ts';
import type { ModelParts } from './recommender.ts';

/**
 * The binary layout of a fitted model, versioned and checksummed:
 *
 *   0   magic "COPLAYMA" (8 bytes)
 *   8   format version, uint32 little-endian
 *   12  manifest length M, uint32 little-endian
 *   16  manifest: UTF-8 JSON (algorithm, params, meta, block table, total length)
 *   …   typed-array sections, each starting on an 8-byte boundary (little-endian, as typed arrays are here)
 *   end−32  SHA-256 of every byte before it
 *
 * Decoding verifies all of it and returns typed-array views on the input bytes when alignment allows (no copy).
 */

const MAGIC = 'COPLAYMA';
const FORMAT_VERSION = 1;
const HEADER_BYTES = 16;
const CHECKSUM_BYTES = 32;
const ITEM_IDS = 'itemIds';

/** Descriptive data stored with the model. */
export interface ArtifactMeta {
  readonly version: string | number;
  /** ISO-8601 time of training. */
  readonly createdAt: string;
  /** Which interaction snapshot the model was trained on. */
  readonly dataSnapshotId: string;
  /** The code (git revision or package version) that trained it. */
  readonly codeVersion: string;
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  readonly metrics?: Readonly<Record<string, number>>;
  /** External id (e.g. Steam appid) of each model column, stored as an int32 section. */
  readonly itemIds?: Int32Array | readonly number[];
}

type BlockType = 'float32' | 'int32';

/** Where one typed array lives in the artifact. */
export interface ArtifactBlock {
  readonly name: string;
  readonly type: BlockType;
  /** Byte offset from the start of the artifact. */
  readonly offset: number;
  /** Number of elements. */
  readonly length: number;
}

/** The decoded manifest; meta.itemIds, if stored, is an Int32Array. */
export interface ArtifactManifest {
  readonly formatVersion: number;
  readonly algorithm: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly meta: Omit<ArtifactMeta, 'itemIds'> & { readonly itemIds?: Int32Array };
  readonly blocks: readonly ArtifactBlock[];
  /** Total artifact length in bytes, checksum included. */
  readonly byteLength: number;
}

/** Serialises a model's parts and metadata. Throws RangeError for values JSON cannot carry faithfully. */
export function encodeArtifact(parts: ModelParts, meta: ArtifactMeta): Uint8Array {
  assertLittleEndian();
  const { itemIds, ...rest } = meta;
  assertJsonable(parts.params, 'params');
  assertJsonable(rest, 'meta');
  const arrays: [string, Float32Array | Int32Array][] = Object.entries(parts.blocks);
  if (arrays.some(([name]) => name === ITEM_IDS))
    throw new RangeError(`block name '${ITEM_IDS}' is reserved`);
  if (itemIds !== undefined)
    arrays.push([ITEM_IDS, itemIds instanceof Int32Array ? itemIds : toInt32(itemIds)]);
  for (const [name, array] of arrays) {
    if (!(array instanceof Float32Array) && !(array instanceof Int32Array)) {
      throw new RangeError(`block '${name}' must be a Float32Array or Int32Array`);
    }
  }

  // The manifest holds the offsets, which depend on its own length: lay out with a fixed-width guess and
  // grow it until the JSON fits (offset digits change the length only a little, so this settles at once).
  let reserved = 256;
  for (;;) {
    let offset = align8(HEADER_BYTES + reserved);
    const blocks: ArtifactBlock[] = arrays.map(([name, array]) => {
      const block = {
        name,
        type: array instanceof Float32Array ? 'float32' : 'int32',
        offset,
        length: array.length,
      } as const;
      offset = align8(offset + array.byteLength);
      return block;
    });
    const byteLength = offset + CHECKSUM_BYTES;
    const manifest = {
      formatVersion: FORMAT_VERSION,
      algorithm: parts.algorithm,
      params: parts.params,
      meta: rest,
      blocks,
      byteLength,
    };
    const json = new TextEncoder().encode(JSON.stringify(manifest));
    if (json.length > reserved) {
      reserved = json.length + 64;
      continue;
    }
    const out = new Uint8Array(byteLength);
    const view = new DataView(out.buffer);
    out.set(new TextEncoder().encode(MAGIC), 0);
    view.setUint32(8, FORMAT_VERSION, true);
    view.setUint32(12, json.length, true);
    out.set(json, HEADER_BYTES);
    for (let b = 0; b < blocks.length; b++) {
      const array = arrays[b][1];
      out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), blocks[b].offset);
    }
    out.set(sha256(out.subarray(0, byteLength - CHECKSUM_BYTES)), byteLength - CHECKSUM_BYTES);
    return out;
  }
}

/** Verifies and decodes an artifact; throws CoplayError('ARTIFACT_CORRUPT') on anything wrong with it. */
export function decodeArtifact(bytes: Uint8Array): { manifest: ArtifactManifest; parts: ModelParts } {
  assertLittleEndian();
  if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) {
    throw corrupt(`it is ${bytes.length} bytes long, shorter than the smallest possible artifact`);
  }
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    throw corrupt('it does not start with the Coplay artifact magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const formatVersion = view.getUint32(8, true);
  if (formatVersion !== FORMAT_VERSION) {
    throw corrupt(`it has format version ${formatVersion}; this build reads version ${FORMAT_VERSION}`);
  }
  const manifestLength = view.getUint32(12, true);
  if (HEADER_BYTES + manifestLength + CHECKSUM_BYTES > bytes.length) {
    throw corrupt(
      `it is truncated: the manifest alone needs ${HEADER_BYTES + manifestLength + CHECKSUM_BYTES} bytes, got ${bytes.length}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength),
      ),
    );
  } catch {
    throw corrupt('its manifest is not valid UTF-8 JSON');
  }
  const byteLength = isRecord(raw) ? raw.byteLength : undefined;
  if (typeof byteLength === 'number' && byteLength !== bytes.length) {
    throw corrupt(
      byteLength > bytes.length
        ? `it is truncated: ${bytes.length} of ${byteLength} bytes`
        : `it has ${bytes.length - byteLength} unexpected trailing bytes`,
    );
  }
  const expected = sha256(bytes.subarray(0, bytes.length - CHECKSUM_BYTES));
  const stored = bytes.subarray(bytes.length - CHECKSUM_BYTES);
  for (let i = 0; i < CHECKSUM_BYTES; i++) {
    if (expected[i] !== stored[i]) throw corrupt('its SHA-256 checksum does not match its contents');
  }
  const manifest = checkManifest(raw, bytes.length, HEADER_BYTES + manifestLength);
  const blocks: Record<string, Float32Array | Int32Array> = {};
  let itemIds: Int32Array | undefined;
  for (const block of manifest.blocks) {
    const array = viewOf(bytes, block);
    if (block.name === ITEM_IDS) itemIds = array as Int32Array;
    else blocks[block.name] = array;
  }
  if (manifest.blocks.some((b) => b.name === ITEM_IDS && b.type !== 'int32'))
    throw corrupt('its itemIds section is not int32');
  const meta = itemIds === undefined ? manifest.meta : { ...manifest.meta, itemIds };
  return {
    manifest: { ...manifest, meta },
    parts: { algorithm: manifest.algorithm, params: manifest.params, blocks },
  };
}

function corrupt(reason: string): CoplayError {
  return new CoplayError(
    'ARTIFACT_CORRUPT',
    `The model artifact cannot be used: ${reason}. Retrain or restore the model.`,
  );
}

function checkManifest(raw: unknown, total: number, dataStart: number): ArtifactManifest {
  if (!isRecord(raw)) throw corrupt('its manifest is not an object');
  const { algorithm, params, meta, blocks } = raw;
  if (typeof algorithm !== 'string' || !isRecord(params) || !isRecord(meta) || !Array.isArray(blocks)) {
    throw corrupt('its manifest lacks algorithm, params, meta or blocks');
  }
  let cursor = dataStart;
  const names = new Set<string>();
  const checked: ArtifactBlock[] = blocks.map((entry: unknown) => {
    if (!isRecord(entry)) throw corrupt('its block table has a malformed entry');
    const { name, type, offset, length } = entry;
    if (typeof name !== 'string' || names.has(name) || (type !== 'float32' && type !== 'int32')) {
      throw corrupt(`its block table has a bad or duplicate entry ${JSON.stringify(name)}`);
    }
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      (offset as number) % 8 !== 0 ||
      (length as number) < 0
    ) {
      throw corrupt(`block '${name}' has an invalid offset or length`);
    }
    const start = offset as number;
    const end = start + (length as number) * 4;
    if (start < cursor || end > total - CHECKSUM_BYTES)
      throw corrupt(`block '${name}' lies outside the data area`);
    cursor = end;
    names.add(name);
    return { name, type, offset: start, length: length as number };
  });
  return {
    formatVersion: FORMAT_VERSION,
    algorithm,
    params,
    meta: meta as unknown as ArtifactManifest['meta'],
    blocks: checked,
    byteLength: total,
  };
}

/** A typed array over the block: a view when its address is 4-byte aligned, otherwise a copy. */
function viewOf(bytes: Uint8Array, block: ArtifactBlock): Float32Array | Int32Array {
  const at = bytes.byteOffset + block.offset;
  let buffer = bytes.buffer;
  let start = at;
  if (at % 4 !== 0) {
    // Copy explicitly: on a Node Buffer, slice() would return another unaligned view, not a copy.
    const copy = new Uint8Array(block.length * 4);
    copy.set(bytes.subarray(block.offset, block.offset + block.length * 4));
    buffer = copy.buffer;
    start = 0;
  }
  return block.type === 'float32'
    ? new Float32Array(buffer, start, block.length)
    : new Int32Array(buffer, start, block.length);
}

function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function toInt32(ids: readonly number[]): Int32Array {
  const out = new Int32Array(ids.length);
  ids.forEach((id, i) => {
    if (!Number.isInteger(id) || id < -2147483648 || id > 2147483647)
      throw new RangeError(`itemIds[${i}] = ${id} is not an int32`);
    out[i] = id;
  });
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON would silently turn NaN/Infinity into null and drop undefined or functions: refuse them instead. */
function assertJsonable(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${path} is ${value}, which JSON cannot store`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJsonable(v, `${path}[${i}]`));
    return;
  }
  if (
    isRecord(value) &&
    (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
  ) {
    for (const [key, v] of Object.entries(value)) if (v !== undefined) assertJsonable(v, `${path}.${key}`);
    return;
  }
  throw new RangeError(`${path} is a ${typeof value} that JSON cannot store faithfully`);
}

let littleEndian: boolean | undefined;
function assertLittleEndian(): void {
  littleEndian ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (!littleEndian) throw new Error('model artifacts are little-endian and this platform is big-endian');
}
