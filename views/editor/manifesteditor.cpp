#include "editor/manifesteditor.h"

#include "history/diffview.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"
#include "style/statuspalette.h"

#include <Qsci/qscicommand.h>
#include <Qsci/qscicommandset.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>
#include <Qsci/qscistyle.h>

#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

namespace rl {

namespace {

constexpr int kErrorMarker = 8;
constexpr int kErrorIndicator = 8;
constexpr int kLineMargin = 0;
constexpr int kMarkerMargin = 1;
constexpr int kFoldMargin = 2;

bool isApplyKey(const QKeyEvent* e)
{
    return (e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter) && (e->modifiers() & Qt::ControlModifier);
}

} // namespace

ManifestEditor::ManifestEditor(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QsciScintilla(this))
    , m_lexer(new QsciLexerYAML(m_edit))
    , m_status(new QLabel(this))
    , m_diffButton(new QToolButton(this))
{
    m_edit->setLexer(m_lexer);
    m_edit->setUtf8(true);
    m_edit->setIndentationsUseTabs(false);
    m_edit->setIndentationWidth(2);
    m_edit->setTabWidth(2);
    m_edit->setAutoIndent(true);
    m_edit->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_edit->setWrapMode(QsciScintilla::WrapNone);
    m_edit->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTH, 1);
    m_edit->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTHTRACKING, 1);

    m_edit->setMarginType(kLineMargin, QsciScintilla::NumberMargin);
    m_edit->setMarginLineNumbers(kLineMargin, true);
    m_edit->setMarginType(kMarkerMargin, QsciScintilla::SymbolMargin);
    m_edit->setMarginMarkerMask(kMarkerMargin, 1 << kErrorMarker);
    m_edit->setMarginSensitivity(kMarkerMargin, false);
    m_edit->setFolding(QsciScintilla::BoxedTreeFoldStyle, kFoldMargin);
    m_edit->markerDefine(QsciScintilla::RightTriangle, kErrorMarker);
    m_edit->indicatorDefine(QsciScintilla::SquiggleIndicator, kErrorIndicator);
    m_edit->setAnnotationDisplay(QsciScintilla::AnnotationBoxed);

    // Redo also on Ctrl+Shift+Z (Scintilla binds Ctrl+Y).
    if (QsciCommand* redo = m_edit->standardCommands()->find(QsciCommand::Redo))
        redo->setAlternateKey((Qt::CTRL | Qt::SHIFT | Qt::Key_Z).toCombined());

    m_edit->installEventFilter(this);
    m_edit->setToolTip(tr("Kubernetes manifest (YAML). Ctrl+Return applies it with kubectl apply."));

    m_diffButton->setText(tr("Template diff…"));
    m_diffButton->setToolTip(tr("Show how the pod template would change"));
    m_diffButton->setEnabled(false);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumWidth(0);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* bottom = new QHBoxLayout;
    bottom->setContentsMargins(4, 2, 4, 2);
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_diffButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_edit, 1);
    layout->addLayout(bottom);

    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(300);
    connect(&m_validateTimer, &QTimer::timeout, this, &ManifestEditor::validateNow);
    connect(m_edit, &QsciScintilla::textChanged, this, [this] { m_validateTimer.start(); });
    connect(m_edit, &QsciScintilla::modificationChanged, this, &ManifestEditor::modificationChanged);
    connect(m_diffButton, &QToolButton::clicked, this, &ManifestEditor::showPreviewDiff);

    applyColors();
    validateNow();
}

ManifestEditor::~ManifestEditor() = default;

void ManifestEditor::setSimulation(const Simulation* sim)
{
    m_sim = sim;
    m_validateTimer.start();
}

void ManifestEditor::refresh()
{
    // the preview depends on the live objects: re-validate when time moved or the store changed
    if (m_sim && (m_sim->now() != m_validatedAt || m_sim->store().history().size() != m_validatedHistory)
        && !m_validateTimer.isActive())
        m_validateTimer.start();
}

void ManifestEditor::setText(const QString& text)
{
    m_edit->setText(text);
    m_edit->SendScintilla(QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
    m_edit->setModified(false);
    validateNow();
}

QString ManifestEditor::text() const
{
    return m_edit->text();
}

void ManifestEditor::setFilePath(const QString& path)
{
    m_path = path;
    m_validateTimer.start();
}

void ManifestEditor::setNamespace(const QString& ns)
{
    m_ns = ns.isEmpty() ? QStringLiteral("default") : ns;
    m_validateTimer.start();
}

bool ManifestEditor::isModified() const
{
    return m_edit->isModified();
}

void ManifestEditor::setModified(bool modified)
{
    m_edit->setModified(modified);
}

QString ManifestEditor::messageFileName() const
{
    return m_path.isEmpty() ? QStringLiteral("STDIN") : m_path; // kubectl names `-f -` STDIN
}

void ManifestEditor::validateNow()
{
    m_validateTimer.stop();
    const Simulation* sim = m_sim;
    if (!sim) {
        if (!m_emptySim)
            m_emptySim = std::make_unique<Simulation>();
        sim = m_emptySim.get();
    }
    m_validatedAt = sim->now();
    m_validatedHistory = sim->store().history().size();
    const QString text = m_edit->text();
    const ClusterProfile& profile = sim->profile();
    m_plan
        = planApply(sim->store(), ClusterVersion {1, profile.minorVersion()}, profile, text, messageFileName(), m_ns);

    clearMarks();
    m_previewDiff.clear();
    if (text.trimmed().isEmpty()) {
        setStatus(QString(), false);
        emit validated(true);
        return;
    }
    if (!m_plan.ok()) {
        for (const ManifestError& e : m_plan.parseErrors)
            markLine(e.pos.isValid() ? e.pos.line - 1 : 0, e.pos.column - 1, kubectlErrorText(e).trimmed());
        for (const ApplyPlanItem& item : m_plan.items) {
            if (item.outcome != ApplyPlanItem::Outcome::Rejected)
                continue;
            const QString first = item.errorText.section(QLatin1Char('\n'), 0, 0);
            for (const ManifestError& e : item.errors) {
                const SourcePos pos = e.pos.isValid() ? e.pos : item.pos;
                // the cause itself for validation errors, the whole message otherwise
                QString msg = e.reason == QLatin1String("Invalid") ? e.message : first;
                if (msg.isEmpty())
                    msg = e.message;
                markLine(pos.isValid() ? pos.line - 1 : 0, pos.column - 1, msg);
            }
        }
        const QString err = m_plan.errorText().trimmed();
        setStatus(err, true);
        emit validated(false);
        return;
    }
    const QStringList summary = applyPlanSummary(m_plan, sim->store());
    for (const ApplyPlanItem& item : m_plan.items) {
        if (item.kind != QLatin1String("Deployment"))
            continue;
        const DeploymentChange c = deploymentChange(item, sim->store());
        if (!c.templateDiff.isEmpty())
            m_previewDiff += c.templateDiff;
    }
    setStatus(summary.join(QLatin1Char('\n')), false);
    emit validated(true);
}

void ManifestEditor::clearMarks()
{
    m_edit->markerDeleteAll(kErrorMarker);
    m_edit->clearAnnotations();
    m_edit->clearIndicatorRange(
        0, 0, std::max(0, m_edit->lines() - 1), m_edit->text(std::max(0, m_edit->lines() - 1)).size(), kErrorIndicator);
}

void ManifestEditor::markLine(int line, int column, const QString& message)
{
    line = std::clamp(line, 0, std::max(0, m_edit->lines() - 1));
    if (m_edit->markersAtLine(line) & (1 << kErrorMarker)) {
        const QString previous = m_edit->annotation(line);
        if (!previous.split(QLatin1Char('\n')).contains(message))
            m_edit->annotate(line, previous + QLatin1Char('\n') + message, *m_annotationStyle);
    } else {
        m_edit->markerAdd(line, kErrorMarker);
        m_edit->annotate(line, message, *m_annotationStyle);
    }
    QString lineText = m_edit->text(line);
    while (lineText.endsWith(QLatin1Char('\n')) || lineText.endsWith(QLatin1Char('\r')))
        lineText.chop(1);
    const int from = std::clamp(column, 0, int(lineText.size()));
    const int to = int(lineText.size()) > from ? int(lineText.size()) : from;
    if (to > from)
        m_edit->fillIndicatorRange(line, from, line, to, kErrorIndicator);
}

QList<int> ManifestEditor::errorLines() const
{
    QList<int> lines;
    int line = m_edit->markerFindNext(0, 1 << kErrorMarker);
    while (line >= 0) {
        lines << line;
        line = m_edit->markerFindNext(line + 1, 1 << kErrorMarker);
    }
    return lines;
}

QString ManifestEditor::annotationText(int line) const
{
    return m_edit->annotation(line);
}

QString ManifestEditor::statusText() const
{
    return m_status->text();
}

void ManifestEditor::setStatus(const QString& text, bool error)
{
    m_statusIsError = error;
    m_status->setText(text);
    m_status->setToolTip(text);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, error ? StatusPalette(palette()).error() : palette().color(QPalette::WindowText));
    m_status->setPalette(p);
    m_diffButton->setEnabled(!m_previewDiff.isEmpty());
}

void ManifestEditor::requestApply()
{
    emit applyRequested(m_edit->text(), m_path);
}

void ManifestEditor::setApplyResult(bool ok, const QString& message)
{
    if (ok) {
        clearMarks();
        setStatus(message.trimmed(), false);
        return;
    }
    // The text stays as it is; only the marks change.
    clearMarks();
    const QString first = message.section(QLatin1Char('\n'), 0, 0);
    static const QRegularExpression at(
        QStringLiteral(R"(^\s+at (.+?):(\d+)(?::(\d+))?(?: \((.*)\))?$)"), QRegularExpression::MultilineOption);
    bool marked = false;
    for (auto it = at.globalMatch(message); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const int line = m.captured(2).toInt() - 1;
        const int col = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt() - 1;
        markLine(line, col, m.captured(4).isEmpty() ? first : m.captured(4) + QStringLiteral(": ") + first);
        marked = true;
    }
    if (!marked) {
        static const QRegularExpression yamlLine(QStringLiteral(R"(yaml: line (\d+):)"));
        const QRegularExpressionMatch m = yamlLine.match(message);
        if (m.hasMatch()) {
            markLine(m.captured(1).toInt() - 1, 0, first);
            marked = true;
        }
    }
    setStatus(message.trimmed(), true);
}

void ManifestEditor::showPreviewDiff()
{
    if (m_previewDiff.isEmpty())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Pod template changes"));
    auto* view = new DiffView(&dialog);
    view->setDiff(m_previewDiff);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(m_status->text(), &dialog));
    layout->addWidget(view, 1);
    layout->addWidget(buttons);
    dialog.resize(720, 480);
    dialog.exec();
}

bool ManifestEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_edit && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (isApplyKey(key)) {
            event->accept();
            if (event->type() == QEvent::KeyPress)
                requestApply();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ManifestEditor::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        applyColors();
    QWidget::changeEvent(event);
}

void ManifestEditor::applyColors()
{
    const QPalette pal = palette();
    const StatusPalette status(pal);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);

    m_lexer->setDefaultFont(mono);
    m_lexer->setFont(mono, -1);
    m_lexer->setDefaultPaper(base);
    m_lexer->setPaper(base, -1);
    m_lexer->setDefaultColor(text);
    m_lexer->setColor(text, -1);
    m_lexer->setColor(pal.color(QPalette::Link), QsciLexerYAML::Identifier); // keys
    m_lexer->setColor(status.dim(), QsciLexerYAML::Comment);
    m_lexer->setColor(pal.color(QPalette::LinkVisited), QsciLexerYAML::Keyword); // true, false, null
    m_lexer->setColor(pal.color(QPalette::LinkVisited), QsciLexerYAML::Number);
    m_lexer->setColor(status.dim(), QsciLexerYAML::DocumentDelimiter);
    m_lexer->setColor(status.error(), QsciLexerYAML::SyntaxErrorMarker);
    m_lexer->setColor(status.dim(), QsciLexerYAML::Operator);

    m_edit->setPaper(base);
    m_edit->setColor(text);
    m_edit->setCaretForegroundColor(text);
    m_edit->setSelectionBackgroundColor(pal.color(QPalette::Highlight));
    m_edit->setSelectionForegroundColor(pal.color(QPalette::HighlightedText));
    m_edit->setMarginsBackgroundColor(pal.color(QPalette::Window));
    m_edit->setMarginsForegroundColor(status.dim());
    m_edit->setMarginsFont(mono);
    m_edit->setMarginWidth(kLineMargin, QStringLiteral("0000"));
    m_edit->setMarginWidth(kMarkerMargin, QFontMetrics(mono).height());
    m_edit->setFoldMarginColors(pal.color(QPalette::Window), pal.color(QPalette::Window));
    for (int folder = int(QsciScintillaBase::SC_MARKNUM_FOLDEREND);
         folder <= int(QsciScintillaBase::SC_MARKNUM_FOLDEROPEN); ++folder) {
        // not markerDefine()d, so QsciScintilla::setMarker*Color would ignore them
        m_edit->SendScintilla(QsciScintillaBase::SCI_MARKERSETFORE, folder, base);
        m_edit->SendScintilla(QsciScintillaBase::SCI_MARKERSETBACK, folder, status.dim());
    }
    m_edit->setMarkerBackgroundColor(status.error(), kErrorMarker);
    m_edit->setMarkerForegroundColor(status.error(), kErrorMarker);
    m_edit->setIndicatorForegroundColor(status.error(), kErrorIndicator);

    QFont small = mono;
    small.setItalic(true);
    if (!m_annotationStyle)
        m_annotationStyle = std::make_unique<QsciStyle>(
            -1, QStringLiteral("error annotation"), status.error(), status.errorBackground(), small);
    m_annotationStyle->setColor(status.error());
    m_annotationStyle->setPaper(status.errorBackground());
    m_annotationStyle->setFont(small);
    // re-mark with the new style
    if (!m_edit->text().isEmpty())
        validateNow();
}

} // namespace rl
