import type { ConnectionConfig } from './config.js';

/**
 * Where a connection's password comes from. Strata never writes one in plain text: the CLI asks
 * $PGPASSWORD or a prompt each time the server wants one; the desktop app keeps it sealed by the OS
 * keychain (Electron `safeStorage`) in the connection's row. `password` is only called when the server
 * asks for a password (trust, peer or certificate authentication never call it).
 */
export interface SecretProvider {
  /** The password for `conn`, or undefined when there is none to give (the server then refuses, clearly). */
  password(conn: ConnectionConfig): Promise<string | undefined>;
}

/** Encrypts and decrypts with a key the OS keeps (Electron's `safeStorage` has exactly this shape). */
export interface Sealer {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/** The CLI's provider: $PGPASSWORD, else a prompt on the terminal (asked once per connection per command). */
export function envOrPromptSecrets(env: Record<string, string | undefined>, prompt?: (question: string) => Promise<string>): SecretProvider {
  const asked = new Map<string, Promise<string | undefined>>();
  return {
    password(conn) {
      const fromEnv = env.PGPASSWORD;
      if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv);
      if (!prompt) return Promise.resolve(undefined);
      let p = asked.get(conn.name);
      if (!p) {
        p = prompt(`password for ${conn.user}@${conn.host}:${conn.port}/${conn.database} (connection ${conn.name}): `);
        asked.set(conn.name, p);
      }
      return p;
    },
  };
}

/** A provider over sealed blobs (the app's): `sealedOf` gives a connection's stored blob, if any. */
export function sealedSecrets(sealer: Sealer, sealedOf: (name: string) => Buffer | null, fallback?: SecretProvider): SecretProvider {
  return {
    async password(conn) {
      const blob = sealedOf(conn.name);
      if (blob && sealer.isEncryptionAvailable()) return sealer.decryptString(blob);
      return fallback?.password(conn);
    },
  };
}
