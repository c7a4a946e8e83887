import { HONEYPOT_FIELD, UTM_FIELDS } from './leads.schemas';

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The HTML a manager pastes into the website: an ordinary form (works without JavaScript) posting to the
 * source's endpoint, a hidden honeypot field, and a few lines of script that copy the page's utm_*
 * parameters into the form and ask to come back to this page (303) after sending.
 */
export function leadSnippet(endpoint: string): string {
  return `<form action="${attr(endpoint)}" method="post" accept-charset="utf-8" class="hotline-lead-form">
  <input name="name" placeholder="Name" maxlength="200" autocomplete="name">
  <input name="phone" type="tel" placeholder="Phone" maxlength="40" autocomplete="tel" required>
  <input name="email" type="email" placeholder="E-mail" maxlength="254" autocomplete="email">
  <textarea name="comment" placeholder="Comment" maxlength="2000"></textarea>
  <input name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off" aria-hidden="true" style="position:absolute;left:-9999px">
  <input type="hidden" name="redirect">
  <button type="submit">Send</button>
</form>
<script>
(function (f) {
  var q = new URLSearchParams(location.search);
  ${JSON.stringify(UTM_FIELDS)}.forEach(function (k) {
    if (!q.get(k)) return;
    var i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = q.get(k); f.appendChild(i);
  });
  f.elements.redirect.value = location.href.split('#')[0];
})(document.currentScript.previousElementSibling);
</script>`;
}
