/**
 * The sign-in pages a person (or a test speaking HTTP) uses to approve a device code. Plain
 * server-rendered forms, no script. Every value written into HTML goes through `escapeHtml`.
 *
 *   GET  /devicelogin            form asking for the code
 *   POST /devicelogin            fields: code            -> account picker and consent page
 *                                                           (400 with the code form if unknown)
 *   POST /devicelogin/consent    fields: code, username, action=approve|deny
 *                                -> 200 "You have signed in ..." or "You declined ..."
 *                                   (400 if the code is no longer open or the user is unknown;
 *                                   username may be left out when denying)
 */
import type { EmulatorContext } from "./context";
import { decideDeviceLogin, findOpenDeviceLogin, type OpenDeviceLogin } from "./deviceLogin";
import { formOf, type EmulatorRequest, type Reply } from "./http";

export function showCodeForm(): Reply {
  return page(200, "Enter code", codeForm(""));
}

export function submitCode(context: EmulatorContext, request: EmulatorRequest): Reply {
  const code = formOf(request).get("code") ?? "";
  const login = findOpenDeviceLogin(context, code);
  if ("kind" in login) {
    const problem = "That code was not found or is no longer valid. Check it and try again.";
    return page(400, "Enter code", codeForm(problem));
  }
  return page(200, "Pick an account", consentForm(login));
}

export function submitConsent(context: EmulatorContext, request: EmulatorRequest): Reply {
  const form = formOf(request);
  const action = form.get("action") === "approve" ? "approve" : "deny";
  const username = form.get("username") ?? undefined;
  const outcome = decideDeviceLogin(context, form.get("code") ?? "", username, action);

  if (outcome.kind === "unknownUser") {
    return page(400, "Sign-in failed", message("That account is not part of this organization."));
  }
  if (outcome.kind !== "decided") {
    return page(400, "Sign-in failed", message("This code is no longer valid. Start again."));
  }
  if (outcome.status === "approved") {
    const text = `You have signed in as ${username ?? ""} to the application on your device.`;
    return page(200, "Signed in", message(text, "You may now close this window."));
  }
  return page(
    200,
    "Sign-in declined",
    message("You declined the sign-in.", "You may now close this window."),
  );
}

function codeForm(problem: string): string {
  return (
    `<h1>Enter code</h1>` +
    (problem === "" ? "" : `<p class="problem">${escapeHtml(problem)}</p>`) +
    `<form method="post" action="/devicelogin">` +
    `<label>Code <input name="code" autocomplete="off" autofocus required></label> ` +
    `<button type="submit">Next</button></form>`
  );
}

function consentForm({ record, tenant }: OpenDeviceLogin): string {
  const scopes = record.scope.split(" ").filter((scope) => scope.length > 0);
  const users = tenant.users.map(
    (user, index) =>
      `<li><label><input type="radio" name="username" value="${escapeHtml(user.username)}"` +
      `${index === 0 ? " checked" : ""}> ${escapeHtml(user.displayName)} ` +
      `(${escapeHtml(user.username)})</label></li>`,
  );

  return (
    `<h1>Sign in to ${escapeHtml(tenant.displayName)}</h1>` +
    `<p>Application <code>${escapeHtml(record.clientId)}</code> asks for these permissions:</p>` +
    `<ul>${scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("")}</ul>` +
    `<form method="post" action="/devicelogin/consent">` +
    `<input type="hidden" name="code" value="${escapeHtml(record.userCode)}">` +
    `<fieldset><legend>Account</legend><ul>${users.join("")}</ul></fieldset>` +
    `<button type="submit" name="action" value="approve">Accept</button> ` +
    `<button type="submit" name="action" value="deny">Deny</button></form>`
  );
}

function message(...lines: string[]): string {
  return lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("");
}

function page(status: number, title: string, body: string): Reply {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(title)} - Entra ID emulator</title>` +
    `<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}` +
    `.problem{color:#a00}ul{list-style:none;padding-left:0}</style></head>` +
    `<body>${body}</body></html>`;
  return { status, html };
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
