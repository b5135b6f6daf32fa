import { useEffect, useState } from 'react';
import { api } from './api';

/** Whether the clinic charts TCM findings (Settings → Clinic): off unless turned on. */
export function useTcmFindings(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    void api.getClinic({}).then((o) => o.ok && setOn(o.value?.tcmFindings ?? false));
  }, []);
  return on;
}
