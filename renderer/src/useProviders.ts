import { useEffect, useState } from 'react';
import type { Provider } from '../../shared/provider';
import { api } from './api';

/** The clinic's providers, for pickers on charting screens. */
export function useProviders(includeInactive = false): Provider[] {
  const [providers, setProviders] = useState<Provider[]>([]);
  useEffect(() => {
    void api.listProviders({ includeInactive }).then((o) => o.ok && setProviders(o.value));
  }, [includeInactive]);
  return providers;
}
