/**
 * The interval frame: every field of the catalogue as a typed array over its scope's members, nested like the
 * snapshot (`frame.lpar.cpu.ziipPercent[l]`). One frame is allocated per simulator and fully rewritten by every
 * evaluation; samples and snapshots read it.
 * @module
 */
import { fields, fieldWidth, type FieldPath, type ScopeName } from '../catalog/index.js';
import type { Members } from './members.js';

type Nest<P extends string, V> = P extends `${infer H}.${infer R}` ? { [K in H]: Nest<R, V> } : { [K in P]: V };
type NestUnion<P, V> = P extends string ? Nest<P, V> : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The fields of one scope as nested typed arrays (one number per member; histograms `buckets + 2` per member). */
export type ScopeFrame<S extends ScopeName> = UnionToIntersection<NestUnion<FieldPath<S>, Float64Array>>;

/** The values of one interval, by scope. */
export type Frame = { readonly [S in ScopeName]: ScopeFrame<S> };

/** One field's array in a frame, with what the generic readers need. */
export interface FrameSlot {
  readonly scope: ScopeName;
  readonly path: string;
  readonly array: Float64Array;
  /** Numbers per member. */
  readonly width: number;
  readonly buckets?: readonly number[];
}

/** Reads a nested path of an object. */
export function at(root: unknown, path: string): unknown {
  let o = root as Record<string, unknown>;
  for (const k of path.split('.')) o = o[k] as Record<string, unknown>;
  return o;
}

/** Allocates the frame of a topology's members, and lists its slots in catalogue order. */
export function allocateFrame(members: Members): { frame: Frame; slots: FrameSlot[] } {
  const frame = {} as Record<string, Record<string, unknown>>;
  const slots: FrameSlot[] = [];
  for (const fd of fields) {
    const n = members.of[fd.scope].length;
    const width = fieldWidth(fd);
    const array = new Float64Array(n * width);
    let o = (frame[fd.scope] ??= {});
    const parts = fd.path.split('.');
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]!] = array;
    slots.push({ scope: fd.scope, path: fd.path, array, width, ...(fd.buckets ? { buckets: fd.buckets } : {}) });
  }
  return { frame: frame as unknown as Frame, slots };
}

/** Zeroes every array of the frame (but the address spaces', which the jobs stage rewrites whenever it runs). */
export function clearFrame(slots: readonly FrameSlot[]): void {
  for (let i = 0; i < slots.length; i++) if (slots[i]!.scope !== 'addressSpace') slots[i]!.array.fill(0);
}
