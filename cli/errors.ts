/** Exit codes: 0 clean, 1 findings at or above the fail severity, 2 usage, config or input error. */
export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

/** An error the user can fix by changing the command line or the config: printed without a stack, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
