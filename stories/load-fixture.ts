import { importProfile, type Profile } from '../src/core';

/** A fixture from tests/fixtures/profiles (served by Storybook at /fixtures/), imported. */
export async function loadFixture(path: string): Promise<Profile> {
  const response = await fetch(`/fixtures/${path}`);
  if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`);
  return importProfile(new Uint8Array(await response.arrayBuffer()));
}

/** The raw bytes of a fixture, for stories that show the import itself. */
export async function fixtureBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(`/fixtures/${path}`);
  return new Uint8Array(await response.arrayBuffer());
}
