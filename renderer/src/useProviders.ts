import type { Provider } from '../../shared/provider';
import { useRead } from './query';

const NONE: Provider[] = [];

/** The clinic's providers, for pickers on charting screens. */
export function useProviders(includeInactive = false): Provider[] {
  const read = useRead('listProviders', { includeInactive });
  return read.data?.ok ? read.data.value : NONE;
}
