/*
 * GitHub Apps, as GitHub authenticates them: the app signs a JWT (RS256, `iss` = its id or
 * client id, `exp` at most 10 minutes ahead) with its private key; with it, it lists its
 * installations and creates an installation access token, which then authenticates REST and
 * GraphQL calls until it expires, for the installation's account and, when the installation
 * was given selected repositories, only those.
 * Sources: https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
 * and https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app
 */
import { createVerify, randomBytes } from 'node:crypto';
import { HttpError } from './http';

export interface GithubAppInstallation {
  id: number;
  /** The user or organization login the app is installed on. */
  account: string;
  accountType?: 'Organization' | 'User';
  /** The repositories (names) it was given; every repository of the account when omitted. */
  repositories?: string[];
  suspended?: boolean;
}

export interface GithubAppOptions {
  appId: number;
  clientId?: string;
  /** The app's slug: its bot acts as `<slug>[bot]`. */
  slug: string;
  /** PEM of the app's public key: JWTs signed with its private key verify against it. */
  publicKey: string;
  installations: GithubAppInstallation[];
}

interface IssuedToken {
  app: GithubAppOptions;
  installation: GithubAppInstallation;
  expiresAt: number;
}

/** Who an installation token acts for, once verified. */
export interface InstallationCaller {
  app: GithubAppOptions;
  installation: GithubAppInstallation;
  /** Whether the installation may see `owner/name`. */
  canAccess(owner: string, name: string): boolean;
}

function base64UrlJson(part: string): any {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export class GithubApps {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Every installation token issued, in order (tests look at how many). */
  readonly issued: Array<{ installationId: number; expiresAt: string }> = [];

  constructor(
    private readonly apps: GithubAppOptions[],
    /** How long an installation token lives: one hour on GitHub. */
    private tokenTtlSeconds = 3600,
  ) {}

  /** Forgets every token issued. */
  reset() {
    this.tokens.clear();
    this.issued.length = 0;
  }

  setTokenTtl(seconds: number) {
    this.tokenTtlSeconds = seconds;
  }

  /** Ends every installation token now, as their expiry or a revocation would. */
  expireTokens() {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  /** The app a JWT authenticates, or a 401 with GitHub's words. */
  verifyJwt(jwt: string): GithubAppOptions {
    const [header, payload, signature, extra] = jwt.split('.');
    const claims = payload ? base64UrlJson(payload) : undefined;
    if (!header || !claims || !signature || extra !== undefined) {
      throw new HttpError(401, 'A JSON web token could not be decoded');
    }
    if (base64UrlJson(header)?.alg !== 'RS256') {
      throw new HttpError(401, 'A JSON web token could not be decoded');
    }
    const app = this.apps.find(
      a =>
        String(a.appId) === String(claims.iss) ||
        (a.clientId !== undefined && a.clientId === claims.iss),
    );
    if (!app) {
      throw new HttpError(
        401,
        "'Issuer' claim ('iss') must be an Integer or the app's Client ID",
      );
    }
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(app.publicKey, Buffer.from(signature, 'base64url'));
    if (!verified) {
      throw new HttpError(401, 'A JSON web token could not be decoded');
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now) {
      throw new HttpError(
        401,
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      );
    }
    if (claims.exp - now > 600 + 60) {
      throw new HttpError(
        401,
        "'Expiration time' claim ('exp') is too far in the future",
      );
    }
    if (typeof claims.iat !== 'number' || claims.iat > now + 60) {
      throw new HttpError(
        401,
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
      );
    }
    return app;
  }

  /** `GET /app/installations` */
  installationsJson(app: GithubAppOptions) {
    return app.installations.map(i => ({
      id: i.id,
      app_id: app.appId,
      app_slug: app.slug,
      account: {
        login: i.account,
        type: i.accountType ?? 'Organization',
      },
      repository_selection: i.repositories ? 'selected' : 'all',
      suspended_by: i.suspended ? { login: 'an-admin' } : null,
      suspended_at: i.suspended ? '2026-01-01T00:00:00Z' : null,
      permissions: { contents: 'write', pull_requests: 'write' },
    }));
  }

  /** `POST /app/installations/{id}/access_tokens` */
  createToken(app: GithubAppOptions, installationId: number) {
    const installation = app.installations.find(i => i.id === installationId);
    if (!installation) throw new HttpError(404, 'Not Found');
    if (installation.suspended) {
      throw new HttpError(403, 'This installation has been suspended');
    }
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = Date.now() + this.tokenTtlSeconds * 1000;
    this.tokens.set(token, { app, installation, expiresAt });
    // GitHub writes it to the second: "2016-07-11T22:14:10Z".
    const expires = new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z');
    this.issued.push({ installationId, expiresAt: expires });
    return {
      token,
      expires_at: expires,
      permissions: { contents: 'write', pull_requests: 'write' },
      repository_selection: installation.repositories ? 'selected' : 'all',
    };
  }

  /** Whether a token is one this stand-in issued (expired or not). */
  isInstallationToken(token: string) {
    return this.tokens.has(token);
  }

  /** The installation a token acts for; a 401 when it expired. */
  caller(token: string): InstallationCaller {
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt <= Date.now()) {
      throw new HttpError(401, 'Bad credentials');
    }
    const { app, installation } = issued;
    return {
      app,
      installation,
      canAccess: (owner, name) =>
        owner.toLowerCase() === installation.account.toLowerCase() &&
        (!installation.repositories ||
          installation.repositories.includes(name)),
    };
  }
}
