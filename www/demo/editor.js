// Demo of the query editor on its own: a stand-in "engine" that only checks operator names.

import { createEditor, history, renderHistoryMenu } from '../src/editor/index.js';
import { DEFAULT_OPERATORS, tokenize } from '../src/editor/language.js';

const BLOG_Q1 = `_sourceCategory = cm-core/cloudtrail  "ConsoleLogin"
| parse "\\"eventName\\":\\"*\\"" as eventName nodrop
| where eventName="ConsoleLogin"
| json "sourceIPAddress"
| parse "\\"userName\\":\\"*\\"" as user_name nodrop
| json field=_raw "userIdentity.principalId" as principal_id nodrop
| parse regex field = principal_id ":(?<user_principal>.+)" nodrop
| if (user_name="", user_principal, user_name) as user
| json field=_raw "responseElements.ConsoleLogin" as loginResult nodrop
| parse "\\"MFAUsed\\":\\"*\\"" as mfaUsed nodrop
| count by sourceIPAddress, user, loginresult
| lookup latitude, longitude, country_code, country_name, region, city, postal_code from geo://location on ip = sourceIPAddress
| fields user, country_code, loginresult, _count
| sort by _count, country_code asc, user, loginresult`;

const TYPO = `_sourceCategory = cm-core/cloudtrail  "\\"errorCode\\":\\"AccessDenied\\""
| json "userAgent"  // the IntelliJ plugin stands out
| cont by userAgent`;

const FUNCTIONS = [
  ['concat', 'concat(a, b, ...)'], ['toLowerCase', 'toLowerCase(s)'], ['toUpperCase', 'toUpperCase(s)'],
  ['substring', 'substring(s, start[, end])'], ['length', 'length(s)'], ['replace', 'replace(s, find, with)'],
  ['trim', 'trim(s)'], ['contains', 'contains(s, part)'], ['isNull', 'isNull(x)'], ['isEmpty', 'isEmpty(x)'],
  ['isBlank', 'isBlank(x)'], ['isPrivateIP', 'isPrivateIP(ip)'], ['isPublicIP', 'isPublicIP(ip)'],
  ['isValidIP', 'isValidIP(ip)'], ['toInt', 'toInt(x)'], ['toLong', 'toLong(x)'], ['num', 'num(x)'],
  ['round', 'round(x[, digits])'], ['formatDate', 'formatDate(ms[, format[, zone]])'], ['parseDate', 'parseDate(s, format)'],
  ['now', 'now()'], ['fromSeconds', 'fromSeconds(s)'], ['urldecode', 'urldecode(s)'], ['base64Decode', 'base64Decode(s)'],
].map(([name, usage]) => ({ name, usage }));

const FIELDS = [
  'eventName', 'eventSource', 'eventTime', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage',
  'userIdentity.type', 'userIdentity.arn', 'userIdentity.userName', 'userIdentity.principalId', 'recipientAccountId',
  'requestParameters', 'responseElements',
];

const status = document.getElementById('status');
const say = (text) => {
  status.textContent = text; // query text is shown as text, never as HTML
};

const editor = createEditor(document.getElementById('editor'), {
  doc: BLOG_Q1,
  vocabulary: { operators: DEFAULT_OPERATORS, functions: FUNCTIONS },
  fieldNames: () => FIELDS,
  nonce: 'demo123',
  onRun(text) {
    const diag = check(text);
    editor.showDiagnostic(diag);
    say(diag ? `Query failed (${diag.code}).` : `Ran ${text.split('\n').length} line(s), ${text.length} characters.`);
  },
  onChange: () => say('Edited. Ctrl+Enter runs the query.'),
});

document.getElementById('run').addEventListener('click', () => editor.run());
document.getElementById('load-blog').addEventListener('click', () => {
  editor.setText(BLOG_Q1);
  editor.focus();
});
document.getElementById('load-typo').addEventListener('click', () => {
  editor.setText(TYPO);
  editor.focus();
});
renderHistoryMenu(document.getElementById('history'), {
  onPick(text) {
    editor.setText(text);
    editor.focus();
  },
});

/** The stand-in engine: an unknown operator name gives the engine's E201 diagnostic, in its JSON shape. */
function check(text) {
  const known = new Set(DEFAULT_OPERATORS);
  const lines = tokenize(text).lines;
  let offset = 0;
  for (const [index, line] of lines.entries()) {
    let column = 0;
    for (const [tokText, style] of line) {
      if (style === 'operatorName' && !known.has(tokText.toLowerCase())) {
        const start = offset + column;
        const near = DEFAULT_OPERATORS.filter((op) => distance(op, tokText.toLowerCase()) <= 2);
        const pos = (utf16, col) => ({ line: index + 1, column: col + 1, utf16 });
        return {
          code: 'E201',
          message: `unknown operator \`${tokText}\``,
          unsupported: false,
          labels: [{
            start: pos(start, column),
            end: pos(start + tokText.length, column + tokText.length),
            span: { start, end: start + tokText.length },
            text: '',
          }],
          hints: near.length ? [`did you mean \`${near[0]}\`?`] : [],
        };
      }
      column += tokText.length;
    }
    offset += column + 1;
  }
  return null;
}

function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

// For the screenshot script: the editor and the history store.
window.trailscopeEditor = { editor, history };
