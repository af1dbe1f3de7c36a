/**
 * String literals of one module (they live in its static data, below `end`, and never
 * change), decoded once and shared by all its instances. Known literals also serve as the
 * field names of entities the host writes: the mapping's own `"totalStaked"` then matches
 * by identity in graph-ts `TypedMap` lookups instead of by content.
 */
export class StaticStrings {
  private readonly byPtr = new Map<number, string>()
  private readonly byText = new Map<string, number>()

  constructor(readonly end: number) {}

  get(ptr: number): string | undefined {
    return this.byPtr.get(ptr)
  }

  record(ptr: number, s: string): void {
    this.byPtr.set(ptr, s)
    if (!this.byText.has(s)) this.byText.set(s, ptr)
  }

  /** Address of a literal with this content, if one was decoded. */
  pointerTo(s: string): number | undefined {
    return this.byText.get(s)
  }
}
