/** Suites whose subject does not depend on the backend (options, shapes, bookkeeping) run on cpu only. */
export const CPU_ONLY = { backends: ['cpu'] as const };
