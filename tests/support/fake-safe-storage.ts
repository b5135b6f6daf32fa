import type { SafeStorageLike } from '../../db/key-custody';

/**
 * The data key's custody with Electron's safeStorage faked: a keychain that encrypts (XOR with a
 * machine secret stands in for the OS), Linux's `basic_text` fallback that protects nothing, and no
 * encryption at all.
 */
export function fakeSafeStorage(backend: string, available = true, secret = 0x5a): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ secret)),
    decryptString: (blob) => {
      const text = Buffer.from(blob.map((b) => b ^ secret)).toString('utf8');
      if (!/^[0-9a-f]*$/.test(text)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text;
    },
  };
}
