// Sign-in: trades an API key for the session cookie (POST /v1/session) and goes back to the page
// that sent us here. A link such as /login.html#key=… (printed by the launcher) signs in at once;
// the key is removed from the address bar before anything else happens.
import { problem } from './common.js';

const form = document.getElementById('login-form');
const input = document.getElementById('api-key');
const message = document.getElementById('login-message');
const button = document.getElementById('sign-in');

/** Where to go after signing in: a path on this site only, never another origin. */
function next() {
  const target = new URLSearchParams(location.search).get('next');
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

async function signIn(key) {
  button.disabled = true;
  message.textContent = '';
  try {
    const response = await fetch('/v1/session', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
    });
    if (response.ok) {
      location.replace(next());
      return;
    }
    message.textContent = response.status === 401
      ? 'That key is unknown or revoked.'
      : `Could not sign in: ${await problem(response)}`;
  } catch (e) {
    message.textContent = `Could not reach the gateway: ${e.message}`;
  }
  button.disabled = false;
  input.focus();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = input.value.trim();
  if (key) signIn(key);
  else message.textContent = 'Enter an API key.';
});

/** Signs in with a key given as #key=… (also when such a link is opened on this very page). */
function signInFromFragment() {
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (!key) return false;
  // The fragment never reaches a server, but it would stay in the history and on screen.
  history.replaceState(null, '', location.pathname + location.search);
  input.value = key;
  signIn(key);
  return true;
}

window.addEventListener('hashchange', signInFromFragment);
if (!signInFromFragment()) input.focus();
