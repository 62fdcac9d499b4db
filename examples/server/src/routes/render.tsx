/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../http/app-env.js';
import { Layout } from '../views/layout.js';

/** Options of {@link renderPage}. */
export interface RenderOptions {
  title: string;
  status?: number;
  refreshSeconds?: number;
}

/** Renders a full HTML page inside the site layout. */
export async function renderPage(c: Context<AppEnv>, options: RenderOptions, body: Child): Promise<Response> {
  const page = (
    <Layout title={options.title} user={c.get('user')} {...(options.refreshSeconds ? { refreshSeconds: options.refreshSeconds } : {})}>
      {body}
    </Layout>
  );
  const html = `<!DOCTYPE html>${await page.toString()}`;
  return c.html(html, (options.status ?? 200) as 200);
}

/** The messages of a 400's issues, for a form's problem list. */
export function issueMessages(error: { message: string; issues: { message: string }[] }): string[] {
  return error.issues.length > 0 ? error.issues.map((i) => i.message) : [error.message];
}
