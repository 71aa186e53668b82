// The CLIs' flag parsing is @bcos/backend's (one implementation for every CLI of the project).
export {
  backendFlag,
  choiceFlag,
  parseCommandLine,
  parseFlags,
  positiveIntegerFlag,
  requireFlag,
  runCli,
  UsageError,
} from '@bcos/backend/node';
