import { parseArgs } from "node:util";
import { z } from "zod";
import { roles } from "../server/accounts/accounts.types.js";
import { loadConfig } from "../server/config.js";
import { createContainer } from "../server/container.js";
import { AppError } from "../server/errors.js";

const usage = "usage: npm run user:create -- --role organizer|admin|enterprise|expert --email E --password P --name N";

const flagsSchema = z.object({
  role: z.enum(roles),
  email: z.email(),
  password: z.string().min(8, "password: use at least 8 characters"),
  name: z.string().trim().min(1),
});

/** Creates an account from the command line: the only way organizer and admin accounts come to exist. */
async function main(): Promise<number> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: "string" },
        email: { type: "string" },
        password: { type: "string" },
        name: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const flags = flagsSchema.safeParse(values);
  if (!flags.success) {
    console.error(flags.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n") + `\n${usage}`);
    return 2;
  }
  const container = await createContainer(loadConfig());
  try {
    const { role, email, password, name } = flags.data;
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

process.exitCode = await main();
