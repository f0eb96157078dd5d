// Every command of the CLI, in the order help lists them.
import type { Command } from "../command";
import { agentCommands } from "./agents";
import { dreamCommand, dreamsCommands } from "./dreams";
import { environmentCommands } from "./environments";
import { keyCommands } from "./keys";
import { memoryCommands } from "./memory";
import { multiagentCommand } from "./multiagent";
import { runCommand } from "./run";
import { sessionCommands } from "./sessions";
import { vaultCommands } from "./vaults";
import { webhookCommands } from "./webhooks";

export const COMMANDS: Command[] = [
  ...agentCommands,
  runCommand,
  ...sessionCommands,
  ...memoryCommands,
  dreamCommand,
  ...dreamsCommands,
  multiagentCommand,
  ...webhookCommands,
  ...vaultCommands,
  ...environmentCommands,
  ...keyCommands,
];
