import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  MIN_RETENTION_DAYS,
  SIZES,
  Size,
} from '@datastores/plugin-datastores-common';

/*
 * The checks the config readers share: the formats of the values that reach Terraform, YAML
 * and the Kubernetes API, and the messages that name the key and what it allows.
 */

export const API_VERSION =
  /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/v[0-9]+((alpha|beta)[0-9]+)?$/;

export const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;

export const CRON = /^\S+( \S+){4}$/;

export const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;

export const SECURITY_GROUP = /^sg-[0-9a-f]+$/;

export const PLACEHOLDER_TEMPLATE = /^[a-z0-9{}-]+$/;

// Identifiers that end up in Terraform: no whitespace or control characters.
export const PLAIN = /^[\x21-\x7e]+$/;

export function pattern(
  config: Config,
  key: string,
  path: string,
  regex: RegExp,
  what: string,
  fallback?: string,
): string {
  const value =
    fallback === undefined
      ? config.getString(key)
      : config.getOptionalString(key) ?? fallback;
  if (!regex.test(value)) {
    throw new InputError(
      `${path}.${key} must be ${what}; got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function oneOf<T extends string>(
  config: Config,
  key: string,
  path: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = config.getOptionalString(key) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(
      `${path}.${key} must be one of ${allowed.join(
        ', ',
      )}; got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

export function retentionDays(
  config: Config | undefined,
  at: string,
  max: number,
): number {
  const days = config?.getOptionalNumber('backupRetentionDays') ?? 7;
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > max) {
    throw new InputError(
      `${at}.backupRetentionDays must be a whole number of days from ${MIN_RETENTION_DAYS} to ${max}; got ${days}`,
    );
  }
  return days;
}

/** A value, or one per size (small, medium, large), each checked; the defaults where absent. */
export function bySize<T extends string | number>(
  config: Config | undefined,
  key: string,
  at: string,
  defaults: Record<Size, T>,
  check: (value: unknown) => value is T,
  what: string,
): Record<Size, T> {
  const raw = config?.getOptional(key);
  if (raw === undefined) return { ...defaults };
  if (check(raw)) return { small: raw, medium: raw, large: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(
      `${at}.${key} must be ${what}, or an object of them by size (${SIZES.join(
        ', ',
      )})`,
    );
  }
  const result = { ...defaults };
  for (const [size, value] of Object.entries(raw)) {
    if (!(SIZES as readonly string[]).includes(size) || !check(value)) {
      throw new InputError(
        `${at}.${key}.${size} must be ${what} for a size of ${SIZES.join(
          ', ',
        )}`,
      );
    }
    result[size as Size] = value;
  }
  return result;
}
