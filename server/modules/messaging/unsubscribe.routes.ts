import express, { Router, type Response } from 'express';
import type { ClientLanguage } from '../../db/entities';
import type { OptoutsService } from './optouts.service';
import type { UnsubscribeTokens } from './unsubscribe-token';

const TEXT: Record<ClientLanguage, { title: string; ask: (a: string) => string; button: string; done: (a: string) => string; bad: string }> = {
  ru: { title: 'Отписка от рассылки', ask: (a) => `Больше не присылать письма на ${a}?`, button: 'Отписаться', done: (a) => `Готово: письма на ${a} больше не придут.`, bad: 'Ссылка недействительна. Проверьте, что она скопирована целиком.' },
  uk: { title: 'Відписка від розсилки', ask: (a) => `Більше не надсилати листи на ${a}?`, button: 'Відписатися', done: (a) => `Готово: листи на ${a} більше не надходитимуть.`, bad: 'Посилання недійсне. Перевірте, що його скопійовано повністю.' },
  en: { title: 'Unsubscribe', ask: (a) => `Stop sending e-mail to ${a}?`, button: 'Unsubscribe', done: (a) => `Done: no more e-mail will be sent to ${a}.`, bad: 'This link is not valid. Check that it was copied whole.' },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: Response, status: number, language: ClientLanguage, title: string, body: string) {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .set('Referrer-Policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>` +
        '<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f4f6f8;color:#1c2430}main{background:#fff;padding:2rem;border-radius:12px;max-width:28rem;margin:1rem;box-shadow:0 1px 4px #0002}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1f6feb;color:#fff;cursor:pointer}</style>' +
        `</head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`,
    );
}

/**
 * The unsubscribe link of mailings and greetings: no sign-in, the signed address in the link. GET asks
 * (a mail scanner opening links must not unsubscribe anyone), POST unsubscribes: the page's button, or a
 * mail client's one-click unsubscribe (RFC 8058). Mounted at /unsubscribe (its body parser must see nothing else).
 */
export function unsubscribeRoutes(tokens: UnsubscribeTokens, optouts: OptoutsService): Router {
  const r = Router();
  r.use(express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 5 }));
  r.get('/:token', async (req, res) => {
    const subject = await tokens.read(req.params.token);
    if (!subject) return page(res, 404, 'ru', TEXT.ru.title, `<p>${TEXT.ru.bad}</p>`);
    const t = TEXT[subject.language];
    page(res, 200, subject.language, t.title, `<p>${escape(t.ask(subject.address))}</p><form method="post"><button type="submit">${t.button}</button></form>`);
  });
  r.post('/:token', async (req, res) => {
    const subject = await tokens.read(req.params.token);
    if (!subject) return page(res, 404, 'ru', TEXT.ru.title, `<p>${TEXT.ru.bad}</p>`);
    await optouts.optOut(null, { channel: subject.channel, address: subject.address, source: 'link' });
    const t = TEXT[subject.language];
    page(res, 200, subject.language, t.title, `<p>${escape(t.done(subject.address))}</p>`);
  });
  return r;
}
