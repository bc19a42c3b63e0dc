// A real OpenID Connect provider on 127.0.0.1 for tests (node's `oidc-provider`, a devDependency).
//
// Started by tests/support/oidc/__init__.py as `node tests/support/oidc/provider.mjs` with
// OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI in the environment.
// One confidential client, the authorization code flow only, PKCE (S256) required for every
// request, ID tokens signed RS256 with a key made at start-up. The built-in development
// interactions supply the login form; any login name is accepted as the person's email address.
// Consent is granted automatically for the configured client. Prints "READY" when listening.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import Provider from 'oidc-provider';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`provider.mjs: ${name} must be set`);
    process.exit(2);
  }
  return value;
}

const port = Number.parseInt(required('OIDC_PORT'), 10);
const clientId = required('OIDC_CLIENT_ID');
const clientSecret = required('OIDC_CLIENT_SECRET');
const redirectUri = required('OIDC_REDIRECT_URI');
const issuer = `http://127.0.0.1:${port}`;
const SCOPE = 'openid email profile';

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  use: 'sig',
  alg: 'RS256',
  kid: crypto.randomBytes(8).toString('hex'),
};

// oidc-provider always uses the account ID as the `sub` claim, and its development login form
// makes the login name the account ID. Staff are known by `staff-<hash of the email address>`
// instead, so that tests can tell the subject from the email address: the login below is
// translated, and the email address remembered for findAccount.
const emailsBySubject = new Map();
const subjectFor = (email) => `staff-${crypto.hash('sha256', email, 'hex').slice(0, 16)}`;

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // oidc-provider 9 accepts client_secret_post as well for a client registered like this.
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
  ],
  // Authorization requests must name the redirect_uri, as Authlib's client does.
  allowOmittingSingleRegisteredRedirectUri: false,
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  responseTypes: ['code'],
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // Put the scope-requested claims (email, name) in the ID token too, not only at userinfo.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    userinfo: { enabled: true },
  },
  async findAccount(ctx, id) {
    const email = emailsBySubject.get(id);
    if (email === undefined) {
      return undefined;
    }
    return {
      accountId: id,
      async claims() {
        return {
          sub: id, email, email_verified: true, name: email.split('@')[0],
        };
      },
    };
  },
  // Skip the consent screen for our client: grant it the staff scopes straight away.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    if (ctx.oidc.client.clientId !== clientId) {
      return undefined;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(SCOPE);
    await grant.save();
    return grant;
  },
  // Errors that cannot go back to the client (e.g. an unknown client or redirect_uri): a plain page.
  renderError(ctx, out) {
    const details = JSON.stringify(out).replace(/</g, '\\u003c');
    ctx.type = 'html';
    ctx.body = '<!DOCTYPE html><html><head><title>oidc-provider error</title></head><body>'
      + `<h1>oidc-provider error</h1><pre id="error">${details}</pre></body></html>`;
  },
};

const provider = new Provider(issuer, configuration);
const { interactionFinished } = provider;
provider.interactionFinished = async function translateLogin(req, res, result, options) {
  if (result?.login?.accountId !== undefined) {
    const email = String(result.login.accountId).trim();
    const sub = subjectFor(email);
    emailsBySubject.set(sub, email);
    result = { ...result, login: { ...result.login, accountId: sub } };
  }
  return interactionFinished.call(this, req, res, result, options);
};

const server = http.createServer(provider.callback());

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(port, '127.0.0.1', () => {
  process.stdout.write('READY\n');
});
