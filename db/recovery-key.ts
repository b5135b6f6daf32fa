import { DomainError } from '../shared/outcome';
import type { RecoveryKeyState } from '../shared/data-key';
import type { DbContext } from './context';
import { dataKeyInUse } from './engine/cipher';
import { confirmationGroups, confirmsRecovery, recoveryKeyOf } from './key-custody';
import { readKeyFile, writeKeyFile } from './key-file';
import { auditAlone } from './queries/audit';

/**
 * The data file's recovery key as the window sees it (docs/encryption.md): shown, and printable
 * as its sheet, only until the practitioner types two of its groups back; then never again. The
 * confirmation is kept in the key file beside the data file and audited.
 */
export function recoveryKeyOfFile(dataFile: string, context: () => DbContext, keychainReady = false) {
  /** Which two groups are asked for: new after each confirmation, the same while the screen is up. */
  let groups = confirmationGroups();

  async function state(): Promise<RecoveryKeyState> {
    const key = dataKeyInUse();
    if (!key) return { custody: 'unencrypted', recoveryKey: null, groups: null, keychainReady };
    const kept = readKeyFile(dataFile);
    const custody = kept?.wrapped.custody ?? 'passphrase';
    if (!kept || kept.recoveryConfirmed) return { custody, recoveryKey: null, groups: null, keychainReady };
    return { custody, recoveryKey: recoveryKeyOf(key), groups, keychainReady };
  }

  async function sheet(): Promise<{ recoveryKey: string; dataFile: string }> {
    const now = await state();
    if (!now.recoveryKey)
      throw new DomainError('forbidden', 'The recovery key was confirmed and is not shown again: it is on the recovery sheet printed then.');
    return { recoveryKey: now.recoveryKey, dataFile };
  }

  async function confirm(typed: readonly string[]): Promise<RecoveryKeyState> {
    const key = dataKeyInUse();
    const kept = readKeyFile(dataFile);
    if (!key || !kept || kept.recoveryConfirmed) return state();
    if (!confirmsRecovery(recoveryKeyOf(key), groups, typed)) {
      const why = `Groups ${groups[0] + 1} and ${groups[1] + 1} do not match the recovery key: check what you wrote down`;
      throw new DomainError('invalid_input', why, { typed: why });
    }
    writeKeyFile(dataFile, { ...kept, recoveryConfirmed: true });
    await auditAlone(context(), 'update', 'data key', null, 'recovery key confirmed');
    groups = confirmationGroups();
    return state();
  }

  return { state, sheet, confirm };
}
