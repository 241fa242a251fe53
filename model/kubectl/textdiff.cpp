#include "kubectl/textdiff.h"

#include <vector>

namespace rl {

namespace {

QStringList splitLines(const QString& s)
{
    if (s.isEmpty())
        return {};
    QStringList lines = s.split(QLatin1Char('\n'));
    if (s.endsWith(QLatin1Char('\n')))
        lines.removeLast();
    return lines;
}

struct Edit
{
    char op; // ' ', '-', '+'
    int a; // line index in a (for ' ' and '-')
    int b; // line index in b (for ' ' and '+')
};

std::vector<Edit> editScript(const QStringList& a, const QStringList& b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    // Common prefix and suffix first: most edits of a manifest touch a few lines.
    qsizetype pre = 0;
    while (pre < n && pre < m && a[pre] == b[pre])
        ++pre;
    qsizetype suf = 0;
    while (suf < n - pre && suf < m - pre && a[n - 1 - suf] == b[m - 1 - suf])
        ++suf;
    const qsizetype an = n - pre - suf;
    const qsizetype bm = m - pre - suf;
    std::vector<Edit> out;
    for (qsizetype i = 0; i < pre; ++i)
        out.push_back({' ', int(i), int(i)});
    if (an * bm > 16 * 1000 * 1000) { // too large for the table: replace the middle wholesale
        for (qsizetype i = 0; i < an; ++i)
            out.push_back({'-', int(pre + i), -1});
        for (qsizetype j = 0; j < bm; ++j)
            out.push_back({'+', -1, int(pre + j)});
    } else {
        // lcs[i][j]: LCS length of a[pre+i..] and b[pre+j..]
        std::vector<int> lcs(size_t((an + 1) * (bm + 1)), 0);
        auto at = [&](qsizetype i, qsizetype j) -> int& { return lcs[size_t(i * (bm + 1) + j)]; };
        for (qsizetype i = an - 1; i >= 0; --i)
            for (qsizetype j = bm - 1; j >= 0; --j)
                at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < an || j < bm) {
            if (i < an && j < bm && a[pre + i] == b[pre + j]) {
                out.push_back({' ', int(pre + i), int(pre + j)});
                ++i;
                ++j;
            } else if (j < bm && (i == an || at(i, j + 1) > at(i + 1, j))) {
                out.push_back({'+', -1, int(pre + j)});
                ++j;
            } else {
                out.push_back({'-', int(pre + i), -1});
                ++i;
            }
        }
    }
    for (qsizetype k = 0; k < suf; ++k)
        out.push_back({' ', int(n - suf + k), int(m - suf + k)});
    return out;
}

// GNU diff's unified range: "start,count", "start" when count is 1, "start-1,0" when empty.
QString range(int start, int count)
{
    if (count == 1)
        return QString::number(start + 1);
    if (count == 0)
        return QStringLiteral("%1,0").arg(start);
    return QStringLiteral("%1,%2").arg(start + 1).arg(count);
}

} // namespace

QString unifiedDiff(
    const QString& textA, const QString& textB, const QString& labelA, const QString& labelB, int context)
{
    const QStringList a = splitLines(textA);
    const QStringList b = splitLines(textB);
    const std::vector<Edit> script = editScript(a, b);
    QString out;
    const int total = int(script.size());
    int k = 0;
    while (k < total) {
        while (k < total && script[size_t(k)].op == ' ')
            ++k;
        if (k == total)
            break;
        // A hunk: from `context` lines before the first change to `context` lines after the last
        // change that is not separated from the next one by more than 2*context equal lines.
        const int begin = std::max(0, k - context);
        int end = k;
        while (true) {
            while (end < total && script[size_t(end)].op != ' ')
                ++end;
            int eq = end;
            while (eq < total && script[size_t(eq)].op == ' ')
                ++eq;
            if (eq < total && eq - end <= 2 * context) {
                end = eq;
                continue;
            }
            end = std::min(total, end + context);
            break;
        }
        int aStart = -1, bStart = -1, aCount = 0, bCount = 0;
        QString body;
        for (int x = begin; x < end; ++x) {
            const Edit& e = script[size_t(x)];
            if (e.op != '+') {
                if (aStart < 0)
                    aStart = e.a;
                ++aCount;
            }
            if (e.op != '-') {
                if (bStart < 0)
                    bStart = e.b;
                ++bCount;
            }
            body += QLatin1Char(e.op) + (e.op == '+' ? b[e.b] : a[e.a]) + QLatin1Char('\n');
        }
        if (aStart < 0) { // nothing of a in the hunk: position after the preceding line
            aStart = 0;
            for (int x = begin - 1; x >= 0; --x)
                if (script[size_t(x)].op != '+') {
                    aStart = script[size_t(x)].a + 1;
                    break;
                }
        }
        if (bStart < 0) {
            bStart = 0;
            for (int x = begin - 1; x >= 0; --x)
                if (script[size_t(x)].op != '-') {
                    bStart = script[size_t(x)].b + 1;
                    break;
                }
        }
        out += QStringLiteral("@@ -%1 +%2 @@\n").arg(range(aStart, aCount), range(bStart, bCount)) + body;
        k = end;
    }
    if (out.isEmpty())
        return {};
    return QStringLiteral("--- %1\n+++ %2\n").arg(labelA, labelB) + out;
}

} // namespace rl
