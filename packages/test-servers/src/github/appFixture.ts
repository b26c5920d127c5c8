import { generateKeyPairSync } from 'node:crypto';
import { GithubAppInstallation, GithubAppOptions } from './apps';

/**
 * A GitHub App for tests: a fresh RSA key pair, what the stand-in knows of the app (`server`,
 * for `startGithubServer({ apps })`) and how Backstage's `integrations.github[].apps` names it
 * (`integration`).
 */
export function createGithubApp(options: {
  appId: number;
  slug: string;
  installations: GithubAppInstallation[];
}): {
  server: GithubAppOptions;
  integration: {
    appId: number;
    privateKey: string;
    clientId: string;
    clientSecret: string;
    webhookSecret: string;
  };
} {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const clientId = `Iv1.${options.slug}`;
  return {
    server: { ...options, clientId, publicKey },
    integration: {
      appId: options.appId,
      privateKey,
      clientId,
      clientSecret: 'client-secret',
      webhookSecret: 'webhook-secret',
    },
  };
}
