import { z } from "zod";
import { roles } from "../server/accounts/accounts.types.js";
import { loadConfig } from "../server/config.js";
import { createContainer } from "../server/container.js";
import { AppError } from "../server/errors.js";
import { parseCommandFlags, runCommand } from "./cli/cli-flags.js";

const usage = "usage: npm run user:create -- --role organizer|admin|enterprise|expert --email E --password P --name N";

const flagsSchema = z.object({
  role: z.enum(roles, { error: `--role: expected one of ${roles.join(", ")}` }),
  email: z.email({ error: "--email: expected an e-mail address" }),
  password: z.string({ error: "--password is required" }).min(8, "--password: use at least 8 characters"),
  name: z.string({ error: "--name is required" }).trim().min(1, "--name must not be blank"),
});

type Flags = z.output<typeof flagsSchema>;

/** Creates an account from the command line: the only way organizer and admin accounts come to exist. */
async function createUser({ role, email, password, name }: Flags): Promise<number> {
  const container = await createContainer(loadConfig());
  try {
    const user =
      role === "organizer" || role === "admin"
        ? await container.accounts.createStaff({ role, email, password, name })
        : await container.accounts.register({ role, email, password, name });
    console.log(`created ${user.role} #${user.id} <${user.email}>`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await container.close();
  }
}

process.exitCode = await runCommand({
  name: "user:create",
  usage,
  parse: (argv) =>
    parseCommandFlags(
      argv,
      { role: { type: "string" }, email: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
      flagsSchema,
    ),
  run: createUser,
});
