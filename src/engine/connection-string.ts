/** Connection strings as logs and errors may show them: the password never appears. */

/** A connection string with its password hidden. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/pass/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return '(a connection string that is not a URL)';
  }
}

/** A message with the connection string, and every occurrence of its password, taken out. */
export function redactMessage(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // not a URL: nothing to find
  }
  let out = message.split(url).join(redactUrl(url));
  if (password.length >= 3) out = out.split(password).join('***');
  return out;
}
