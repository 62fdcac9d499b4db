import { generateRandomString, type RandomReader } from '@oslojs/crypto/random';
import type { Clock } from '../clock.js';
import { UnauthenticatedError, ValidationError, ServerError } from '../http/errors.js';
import type { Logger } from '../logging/logger.js';
import { passwordIssues, usernameIssues, usernameKey } from './credential-rules.js';
import type { LoginThrottle, ThrottleVerdict } from './login-throttle.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionManager } from './session-manager.js';
import type { DeleteUserOutcome, Role, User, UserRepository } from './user-repository.js';

/** A new session for a user: the token goes into the cookie. */
export interface LoginResult {
  user: User;
  token: string;
  expiresAt: number;
}

/** Everything {@link Accounts} works with. */
export interface AccountsDependencies {
  users: UserRepository;
  sessions: SessionManager;
  throttle: LoginThrottle;
  hasher: PasswordHasher;
  clock: Clock;
}

/**
 * The account rules in one place: registration, login with throttling, logout, password
 * change (its current-password check throttled the same way) and deletion. Route handlers only translate HTTP to these calls.
 */
export class Accounts {
  /** A real hash of a random password, verified when the username is unknown so timing does not tell. */
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: AccountsDependencies) {}

  /** Creates a plain user; 400 for rule violations, 409 for a taken username. */
  async register(username: string, password: string, role: Role = 'user'): Promise<User> {
    const issues = [...usernameIssues(username), ...passwordIssues(password, username)];
    if (issues.length > 0) throw new ValidationError('registration', issues);
    const passwordHash = await this.deps.hasher.hash(password);
    const user = await this.deps.users.create({ username, passwordHash, role, now: this.deps.clock.now() });
    if (!user) throw new ServerError('ERR_USERNAME_TAKEN', `username "${username}" is already taken`);
    return user;
  }

  /**
   * Checks a password and opens a session. An attempt the throttle holds back is refused before
   * the password is looked at (429 with `Retry-After`); the account itself is never locked.
   */
  async login(username: string, password: string, client: string | undefined): Promise<LoginResult> {
    const key = usernameKey(username);
    await this.throttled(key, client);
    const user = await this.deps.users.findByUsername(username);
    // An unknown username still costs one verification, so timing does not tell which exist.
    const ok = user
      ? await this.deps.hasher.verify(user.passwordHash, password)
      : (await this.deps.hasher.verify(await this.getDummyHash(), password)) && false;
    if (!user || !ok) {
      await this.deps.throttle.recordFailure(key, client);
      throw new UnauthenticatedError('wrong username or password');
    }
    await this.deps.throttle.recordSuccess(key, client);
    const session = await this.deps.sessions.create(user.id);
    const { passwordHash: _omit, ...plain } = user;
    return { user: plain, ...session };
  }

  async logout(token: string): Promise<void> {
    await this.deps.sessions.invalidate(token);
  }

  /** Changes a password after checking the current one; ends every session and opens a new one. */
  async changePassword(user: User, currentPassword: string, newPassword: string, client?: string): Promise<LoginResult> {
    const stored = await this.deps.users.findById(user.id);
    if (!stored) throw new UnauthenticatedError('this account no longer exists');
    // The current-password check is a password guess like a login (from a stolen session, say).
    const key = usernameKey(user.username);
    await this.throttled(key, client);
    if (!(await this.deps.hasher.verify(stored.passwordHash, currentPassword))) {
      await this.deps.throttle.recordFailure(key, client);
      throw new ValidationError('password change', [{ path: ['currentPassword'], message: 'current password is wrong' }]);
    }
    const issues = passwordIssues(newPassword, user.username, 'newPassword');
    if (issues.length > 0) throw new ValidationError('password change', issues);
    await this.deps.users.updatePasswordHash(user.id, await this.deps.hasher.hash(newPassword), this.deps.clock.now());
    await this.deps.sessions.invalidateAllForUser(user.id);
    const session = await this.deps.sessions.create(user.id);
    return { user, ...session };
  }

  /** Clears the login throttle of user `id` (an admin's unlock); 404 when unknown. Returns how many addresses were held back. */
  async unlock(id: string): Promise<number> {
    const user = await this.deps.users.findById(id);
    if (!user) throw new ServerError('ERR_USER_NOT_FOUND', `no user with id "${id}"`);
    return this.deps.throttle.clear(usernameKey(user.username));
  }

  /** Every user, oldest first. */
  listUsers(): Promise<User[]> {
    return this.deps.users.list();
  }

  /** Deletes a user; 404 when unknown, 409 for the last admin. */
  async deleteUser(id: string): Promise<void> {
    const outcome: DeleteUserOutcome = await this.deps.users.delete(id);
    if (outcome === 'not-found') throw new ServerError('ERR_USER_NOT_FOUND', `no user with id "${id}"`);
    if (outcome === 'last-admin') throw new ServerError('ERR_LAST_ADMIN', 'the last admin cannot be deleted: make another admin first');
    await this.deps.sessions.invalidateAllForUser(id);
  }

  /**
   * Makes sure an admin exists. With a configured password it creates `username` with it;
   * otherwise it generates one and logs it once, at `warn`, for the operator to copy.
   * Does nothing when any admin exists. Returns the admin it created (with the password when it
   * was generated), or `undefined`.
   */
  async ensureFirstAdmin(config: { username: string; password?: string | undefined }, logger: Logger): Promise<{ username: string; password?: string } | undefined> {
    if ((await this.deps.users.countAdmins()) > 0) return undefined;
    const generated = config.password === undefined;
    const password = config.password ?? generatePassword();
    const user = await this.register(config.username, password, 'admin');
    if (generated) {
      logger.warn('created the first admin with a generated password; it is shown once, change it after logging in', {
        username: user.username,
        password,
      });
      return { username: user.username, password };
    }
    logger.info('created the first admin from configuration', { username: user.username });
    return { username: user.username };
  }

  /** Throws 429 with `Retry-After` when the throttle holds this attempt back. */
  private async throttled(key: string, client: string | undefined): Promise<void> {
    const verdict: ThrottleVerdict = await this.deps.throttle.check(key, client);
    if (verdict.allowed) return;
    await this.deps.throttle.recordRefused(key, client);
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    const message =
      verdict.reason === 'address'
        ? `too many wrong passwords from this address: try again in ${seconds} s`
        : `many wrong passwords were tried on this account: from an address it was not used from lately, try again in ${seconds} s (or ask an admin to clear it)`;
    throw new ServerError('ERR_LOGIN_THROTTLED', message, { headers: { 'Retry-After': String(seconds) } });
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(generatePassword());
    return this.dummyHash;
  }
}

const cryptoReader: RandomReader = { read: (bytes) => void crypto.getRandomValues(bytes) };

/** A 20-character password that meets the rules: random letters and digits plus `-A1` guarantees. */
export function generatePassword(): string {
  return `${generateRandomString(cryptoReader, 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', 17)}-A1`;
}
