import { useClinic } from './reads';

/** Whether the clinic charts TCM findings (Settings → Clinic): off unless turned on. */
export function useTcmFindings(): boolean {
  return useClinic().value?.tcmFindings ?? false;
}
