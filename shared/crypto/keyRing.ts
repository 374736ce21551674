import { InvalidSettingError } from "../settings/InvalidSettingError";

/** One AES-256 key with the id that envelopes name. */
export interface CacheKey {
  id: string;
  key: Buffer;
}

/** The key ring: the first key encrypts, every key decrypts. */
export interface KeyRing {
  current: CacheKey;
  byId: ReadonlyMap<string, CacheKey>;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Parses `id1:base64key1,id2:base64key2`, where each key is 32 random bytes in base64.
 * `setting` names the source in errors; key material never appears in a message.
 */
export function parseKeyRing(text: string, setting: string): KeyRing {
  const keys: CacheKey[] = [];
  for (const item of text.split(",")) {
    const [id, material, ...rest] = item.trim().split(":");
    if (!id || !KEY_ID.test(id) || material === undefined || rest.length > 0) {
      throw new InvalidSettingError(setting, "must be a list of id:base64key separated by commas");
    }
    const key = Buffer.from(material, "base64");
    if (key.length !== 32) {
      throw new InvalidSettingError(setting, `has key "${id}" that is not 32 bytes of base64`);
    }
    if (keys.some((known) => known.id === id)) {
      throw new InvalidSettingError(setting, `names key "${id}" twice`);
    }
    keys.push({ id, key });
  }

  const [current] = keys;
  if (!current) {
    throw new InvalidSettingError(setting, "holds no key");
  }
  return { current, byId: new Map(keys.map((k) => [k.id, k])) };
}
