/** Typed arrays that double when full: the builders do not know their sizes in advance. */

export function growInt32(array: Int32Array, minLength: number): Int32Array<ArrayBuffer> {
  if (minLength <= array.length) return array as Int32Array<ArrayBuffer>;
  const next = new Int32Array(Math.max(minLength, array.length * 2, 16));
  next.set(array);
  return next;
}

export function growFloat64(array: Float64Array, minLength: number): Float64Array<ArrayBuffer> {
  if (minLength <= array.length) return array as Float64Array<ArrayBuffer>;
  const next = new Float64Array(Math.max(minLength, array.length * 2, 16));
  next.set(array);
  return next;
}
