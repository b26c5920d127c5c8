import { useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useDebounce from 'react-use/esm/useDebounce';
import { DecideInput, DecideResult, datastoresApiRef } from '../../api';

type Answer = { key: string; value?: DecideResult; error?: Error };

/**
 * The backend's decision for the answers so far, asked once the answers have been still for
 * `delayMs`, so typing does not send a request per keystroke. An answer to older answers is
 * dropped.
 */
export function useDecision(
  input: DecideInput | undefined,
  delayMs: number,
): { value?: DecideResult; loading: boolean; error?: Error } {
  const api = useApi(datastoresApiRef);
  const key = input ? JSON.stringify(input) : undefined;
  const latestKey = useRef(key);
  latestKey.current = key;
  const [answer, setAnswer] = useState<Answer>();

  useDebounce(
    () => {
      if (!key) return;
      const settle = (next: Answer) => {
        if (latestKey.current === key) setAnswer(next);
      };
      api.decide(JSON.parse(key) as DecideInput).then(
        value => settle({ key, value }),
        error => settle({ key, error }),
      );
    },
    delayMs,
    [api, key],
  );

  if (!key) return { loading: false };
  if (answer?.key !== key) return { loading: true };
  return { value: answer.value, error: answer.error, loading: false };
}
