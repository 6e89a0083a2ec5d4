/**
 * Where the sandbox answers Render's API, and the ids it answers as. The sandbox imports
 * these to serve, the resolver to connect; both sides compute the same ids from the port,
 * so nothing more needs announcing than the state directory already holds.
 */

/** The prefix of the sandbox's model of Render's API (Render's /v1 under it). */
export const SANDBOX_RENDER_PREFIX = '/__render/v1';

const pad = (port: number) => String(port).padStart(13, '0');

/** The sandbox's service id: srv- and 20 characters, as Render's (srv-sandbox0000000008001). */
export const sandboxServiceId = (port: number) => `srv-sandbox${pad(port)}`;

/** The sandbox's workspace id, which its logs endpoint asks for (tea-sandbox0000000008001). */
export const sandboxOwnerId = (port: number) => `tea-sandbox${pad(port)}`;

/**
 * Who the sandbox records as a restart's `triggeredByUser`: a restart asked through its
 * model of Render's API (what the service command sends), or through its own admin route
 * (`sandbox.ts restart`, a tool for resetting a sandbox). A drill tells the two apart: only
 * the first is what would restart the real service.
 */
export const SANDBOX_API_USER = 'render-api';
export const SANDBOX_ADMIN_USER = 'sandbox-admin';
