/**
 * Sorts `values[start .. end)` by `compare`, stably. For the short runs a tree's sibling lists
 * mostly are, where it beats the engine's sort with a comparison callback.
 */
export function insertionSort(
  values: Int32Array,
  start: number,
  end: number,
  compare: (a: number, b: number) => number,
): void {
  for (let i = start + 1; i < end; i++) {
    const value = values[i];
    let j = i - 1;
    while (j >= start && compare(values[j], value) > 0) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = value;
  }
}
