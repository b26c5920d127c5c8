import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { SIZES, Size } from '@datastores/plugin-datastores-common';

/** `datastores.aurora`: what the Aurora PostgreSQL clusters are made of. @public */
export interface AuroraConfig {
  /** The Aurora PostgreSQL version, e.g. `17.4` (Aurora takes a minor version). */
  engineVersion: string;
  /** The instance class by size: Aurora runs `db.r*` and `db.t*` classes, not `db.m*`. */
  instanceClass: Record<Size, string>;
}

/** The defaults of `datastores.aurora`. @public */
export const AURORA_DEFAULTS: AuroraConfig = {
  engineVersion: '17.4',
  instanceClass: {
    small: 'db.t4g.medium',
    medium: 'db.r7g.large',
    large: 'db.r7g.2xlarge',
  },
};

const AT = 'datastores.aurora';
const VERSION = /^[0-9]+\.[0-9]+$/;
const INSTANCE_CLASS = /^db\.(r|t|x)[0-9a-z]*\.[0-9a-z]+$/;

/** Reads `datastores.aurora`, naming the first wrong key; the defaults where it is silent. @public */
export function readAuroraConfig(root: Config): AuroraConfig {
  const config = root.getOptionalConfig(AT);
  const engineVersion =
    config?.getOptionalString('engineVersion') ?? AURORA_DEFAULTS.engineVersion;
  if (!VERSION.test(engineVersion)) {
    throw new InputError(
      `${AT}.engineVersion must be an Aurora PostgreSQL version like 17.4; got ${JSON.stringify(
        engineVersion,
      )}`,
    );
  }
  const raw = config?.getOptional('instanceClass');
  const instanceClass = { ...AURORA_DEFAULTS.instanceClass };
  const check = (value: unknown, at: string): string => {
    if (typeof value !== 'string' || !INSTANCE_CLASS.test(value)) {
      throw new InputError(
        `${at} must be an Aurora instance class like db.r7g.large or db.t4g.medium; got ${JSON.stringify(
          value,
        )}`,
      );
    }
    return value;
  };
  if (typeof raw === 'string') {
    const value = check(raw, `${AT}.instanceClass`);
    for (const size of SIZES) instanceClass[size] = value;
  } else if (raw !== undefined) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InputError(
        `${AT}.instanceClass must be an instance class, or an object of them by size (${SIZES.join(
          ', ',
        )})`,
      );
    }
    for (const [size, value] of Object.entries(raw)) {
      if (!(SIZES as readonly string[]).includes(size)) {
        throw new InputError(
          `${AT}.instanceClass.${size} is not a size; allowed: ${SIZES.join(
            ', ',
          )}`,
        );
      }
      instanceClass[size as Size] = check(value, `${AT}.instanceClass.${size}`);
    }
  }
  return { engineVersion, instanceClass };
}
