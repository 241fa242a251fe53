#include "mainwindow.h"

#include "branchcommand.h"
#include "charts/availabilitychart.h"
#include "charts/comparewidget.h"
#include "charts/podtimelinewidget.h"
#include "charts/trafficchart.h"
#include "charts/trafficlogwidget.h"
#include "console/commandconsole.h"
#include "deploymentactions.h"
#include "editor/manifesteditor.h"
#include "export/widgetexporter.h"
#include "history/revisiondiffwidget.h"
#include "kubectl/rollout.h"
#include "models/deploymentsmodel.h"
#include "models/eventsmodel.h"
#include "models/podsmodel.h"
#include "models/replicasetsmodel.h"
#include "models/rollouthistorymodel.h"
#include "rollout/rolloutview.h"
#include "scenario/lesson.h"
#include "scenario/scriptrunner.h"
#include "scenario/session.h"
#include "scenario/workspace.h"
#include "sim/simulation.h"
#include "timebar.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLockFile>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>

namespace rl {

namespace {

const QString kWorkspaceSuffix = QStringLiteral("rolloutlab");
constexpr int kFrameMs = 33; // ~30 frames per second
constexpr qsizetype kTranscriptLimit = 4 * 1024 * 1024;
constexpr qsizetype kSavedTranscript = 512 * 1024;

QString key(const char* s)
{
    return QString::fromLatin1(s);
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3c, 0x3f));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4c, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x42, 0x46));
    p.setColor(QPalette::Mid, QColor(0x30, 0x32, 0x35));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7a, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xc0, 0x9a, 0xff));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return p;
}

QPalette lightPalette()
{
    QPalette p;
    const QColor window(0xef, 0xef, 0xef), text(0x1a, 0x1a, 0x1a);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf5, 0xf5));
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x70, 0x70, 0x70));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Light, Qt::white);
    p.setColor(QPalette::Midlight, QColor(0xe3, 0xe3, 0xe3));
    p.setColor(QPalette::Mid, QColor(0xa0, 0xa0, 0xa0));
    p.setColor(QPalette::Dark, QColor(0x9f, 0x9f, 0x9f));
    p.setColor(QPalette::Shadow, QColor(0x76, 0x76, 0x76));
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x00, 0x55, 0xcc));
    p.setColor(QPalette::LinkVisited, QColor(0x55, 0x1a, 0x8b));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x90, 0x90, 0x90));
    return p;
}

/// Presentation mode: full contrast text on the same background family.
QPalette highContrast(QPalette p)
{
    const bool dark = p.color(QPalette::Window).lightness() < 128;
    const QColor fg = dark ? Qt::white : Qt::black;
    const QColor bg = dark ? Qt::black : Qt::white;
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::ToolTipText})
        p.setColor(QPalette::Active, role, fg), p.setColor(QPalette::Inactive, role, fg);
    p.setColor(QPalette::Base, bg);
    p.setColor(QPalette::Window, dark ? QColor(0x10, 0x10, 0x10) : QColor(0xf8, 0xf8, 0xf8));
    return p;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : MainWindow(Options {}, parent)
{ }

MainWindow::MainWindow(Options options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
{
    setObjectName(QStringLiteral("RolloutLabMainWindow"));
    if (m_options.settings) {
        m_settings = m_options.settings;
    } else {
        m_ownSettings = std::make_unique<AppSettings>();
        m_settings = m_ownSettings.get();
    }
    m_systemPalette = QApplication::palette();
    m_systemFont = QApplication::font();

    m_session = new Session(this);
    m_undo = new QUndoStack(this);
    m_session->setBranchHandler([this] { return confirmBranch(); });
    connect(m_session, &Session::outputAvailable, this, &MainWindow::onOutput);
    connect(m_session, &Session::changed, this, &MainWindow::onChanged);
    connect(m_session, &Session::viewSimulationReplaced, this, &MainWindow::onViewReplaced);
    connect(m_session, &Session::timeChanged, this, &MainWindow::updateTimes);
    connect(m_session, &Session::viewTimeChanged, this, &MainWindow::updateTimes);
    connect(m_session, &Session::historyRewritten, this, [this] { setModified(true); });
    connect(m_session, &Session::changed, this, [this] { m_autosaveDirty = true; });
    connect(m_session, &Session::scriptFinished, this, &MainWindow::updateActions);

    createActions();
    createRolloutView();
    createEditorDock();
    createConsoleDock();
    createTablesDock();
    createChartsDock();
    createTimeBar();
    createMenus();
    createToolBar();
    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);

    m_frameTimer = new QTimer(this);
    m_frameTimer->setInterval(kFrameMs);
    m_frameTimer->setTimerType(Qt::PreciseTimer);
    connect(m_frameTimer, &QTimer::timeout, this, &MainWindow::tick);

    readSettings();

    // Autosave and the running-instance lock: a lock left behind means the last session did not
    // end cleanly (QLockFile removes a lock whose process is gone).
    QString dir = m_options.dataDirectory;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    m_options.dataDirectory = dir;
    if (m_options.autosave && QDir().mkpath(dir)) {
        const QString lockPath = QDir(dir).filePath(QStringLiteral("running.lock"));
        const bool leftBehind = QFile::exists(lockPath);
        m_lock = std::make_unique<QLockFile>(lockPath);
        m_lock->setStaleLockTime(0);
        if (m_lock->tryLock(0)) {
            m_crashAutosave = leftBehind && QFile::exists(autosavePath());
            m_autosaveTimer = new QTimer(this);
            m_autosaveTimer->setInterval(m_settings->autosaveInterval() * 1000);
            connect(m_autosaveTimer, &QTimer::timeout, this, [this] {
                if (m_autosaveDirty)
                    autosave();
            });
            m_autosaveTimer->start();
        } else {
            m_lock.reset(); // another Rollout Lab runs: it owns the autosave
        }
    }

    onViewReplaced();
    updateTitle();
    updateActions();
    updateTimes();
}

MainWindow::~MainWindow()
{
    if (m_lock)
        m_lock->unlock();
}

// --- construction ------------------------------------------------------------------------------

void MainWindow::createActions()
{
    auto make = [this](const char* name, const QString& text, const QKeySequence& shortcut, const QString& tip,
                    auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(QString::fromLatin1(name));
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        a->setStatusTip(tip);
        a->setToolTip(
            shortcut.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        m_actions.insert(a->objectName(), a);
        return a;
    };
    auto icon = [this](const char* name, QStyle::StandardPixmap fallback) {
        return QIcon::fromTheme(QString::fromLatin1(name), style()->standardIcon(fallback));
    };

    make("open", tr("&Open…"), QKeySequence::Open, tr("Open a lesson, a script, a manifest or a workspace"),
        &MainWindow::openDialog)
        ->setIcon(icon("document-open", QStyle::SP_DialogOpenButton));
    make("save", tr("&Save Workspace"), QKeySequence::Save, tr("Save the session: manifests, cluster and history"),
        &MainWindow::saveWorkspaceAction)
        ->setIcon(icon("document-save", QStyle::SP_DialogSaveButton));
    make("saveAs", tr("Save Workspace &As…"), QKeySequence::SaveAs, tr("Save the session in another file"),
        &MainWindow::saveWorkspaceAsAction);
    make("quit", tr("&Quit"), QKeySequence::Quit, tr("Quit Rollout Lab"), &MainWindow::close);

    make("play", tr("Play"), QKeySequence(Qt::Key_Space), tr("Play or pause simulated time"), [this] {
        setPlaying(!m_playing);
    })->setIcon(icon("media-playback-start", QStyle::SP_MediaPlay));
    make("step", tr("Step"), QKeySequence(Qt::Key_F10), tr("Run the next scheduled event"), [this] {
        setPlaying(false);
        m_session->stepToNextEvent();
    })->setIcon(icon("media-skip-forward", QStyle::SP_MediaSkipForward));
    make("present", tr("Now"), QKeySequence(Qt::CTRL | Qt::Key_End), tr("Back to the present"), [this] {
        m_session->returnToPresent();
    })->setIcon(icon("go-last", QStyle::SP_MediaSeekForward));

    const QString dep = tr("the selected Deployment");
    make("setImage", tr("Set &Image…"), QKeySequence(Qt::CTRL | Qt::Key_I),
        tr("Change a container's image of %1 (kubectl set image)").arg(dep), &MainWindow::setImageAction);
    make("scale", tr("S&cale…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S),
        tr("Change the number of replicas (kubectl scale)"), &MainWindow::scaleAction);
    make("strategy", tr("Edit &Strategy…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E),
        tr("maxSurge, maxUnavailable, minReadySeconds (kubectl patch)"), &MainWindow::strategyAction);
    make("pause", tr("&Pause Rollout"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P), tr("kubectl rollout pause"),
        [this] { runCommand(DeploymentActions::rollout(QStringLiteral("pause"), currentDeployment())); })
        ->setIcon(icon("media-playback-pause", QStyle::SP_MediaPause));
    make("resume", tr("&Resume Rollout"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R), tr("kubectl rollout resume"),
        [this] { runCommand(DeploymentActions::rollout(QStringLiteral("resume"), currentDeployment())); });
    make("undo", tr("&Undo Rollout"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_U),
        tr("Back to the previous revision (kubectl rollout undo)"),
        [this] { runCommand(DeploymentActions::rollout(QStringLiteral("undo"), currentDeployment())); })
        ->setIcon(icon("edit-undo", QStyle::SP_ArrowBack));
    make("undoTo", tr("Undo to Re&vision…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_V),
        tr("kubectl rollout undo --to-revision"), &MainWindow::undoToRevisionAction);
    make("restart", tr("Res&tart"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_T),
        tr("Replace every pod (kubectl rollout restart)"),
        [this] { runCommand(DeploymentActions::rollout(QStringLiteral("restart"), currentDeployment())); })
        ->setIcon(icon("view-refresh", QStyle::SP_BrowserReload));
    make("deletePod", tr("&Delete Pod…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_D),
        tr("Delete the selected pod (kubectl delete pod)"), &MainWindow::deletePodAction)
        ->setIcon(icon("edit-delete", QStyle::SP_TrashIcon));
    make("apply", tr("&Apply Manifest"), QKeySequence(Qt::CTRL | Qt::Key_Return),
        tr("Apply the editor's manifest (kubectl apply -f)"), &MainWindow::applyEditor)
        ->setIcon(icon("dialog-ok-apply", QStyle::SP_DialogApplyButton));

    make("nextStep", tr("&Next Step"), QKeySequence(Qt::Key_F8), tr("Play the lesson's next step"),
        &MainWindow::nextLessonStep)
        ->setIcon(icon("go-next", QStyle::SP_ArrowForward));
    make("playLesson", tr("Play &All Steps"), QKeySequence(Qt::SHIFT | Qt::Key_F8), tr("Play the rest of the lesson"),
        &MainWindow::playWholeLesson);
    auto* presentation = make("presentation", tr("&Presentation Mode"), QKeySequence(Qt::Key_F5),
        tr("Large fonts and high contrast for a class"), [this](bool on) { setPresentationMode(on); });
    presentation->setCheckable(true);
    make("about", tr("&About Rollout Lab"), {}, tr("About Rollout Lab"), [this] {
        QMessageBox::about(this, tr("About Rollout Lab"),
            tr("<p><b>Rollout Lab</b> %1</p><p>Watch Kubernetes roll out a Deployment, pod by pod, on a "
               "simulated cluster that behaves like Kubernetes v1.32 and speaks kubectl 1.32.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });

    auto* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("editUndo"));
    m_actions.insert(undo->objectName(), undo);
    auto* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setObjectName(QStringLiteral("editRedo"));
    m_actions.insert(redo->objectName(), redo);
}

QAction* MainWindow::action(const QString& name) const
{
    return m_actions.value(name);
}

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* w, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(w);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createRolloutView()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // The lesson banner: the step's title and note, and Next.
    m_lessonBanner = new QFrame(central);
    m_lessonBanner->setObjectName(QStringLiteral("lessonBanner"));
    m_lessonBanner->setFrameShape(QFrame::StyledPanel);
    m_lessonBanner->setAutoFillBackground(true);
    m_lessonBanner->setBackgroundRole(QPalette::AlternateBase);
    auto* banner = new QHBoxLayout(m_lessonBanner);
    banner->setContentsMargins(10, 6, 10, 6);
    auto* texts = new QVBoxLayout;
    m_lessonTitle = new QLabel(m_lessonBanner);
    m_lessonTitle->setObjectName(QStringLiteral("lessonTitle"));
    m_lessonTitle->setTextFormat(Qt::PlainText);
    QFont bold = m_lessonTitle->font();
    bold.setBold(true);
    m_lessonTitle->setFont(bold);
    m_lessonNoteText = new QLabel(m_lessonBanner);
    m_lessonNoteText->setObjectName(QStringLiteral("lessonNote"));
    m_lessonNoteText->setTextFormat(Qt::PlainText);
    // The note's lines as the lesson wrote them (a word-wrapped label would get no height from the
    // layout next to the rollout view).
    m_lessonNoteText->setWordWrap(false);
    texts->addWidget(m_lessonTitle);
    texts->addWidget(m_lessonNoteText);
    banner->addLayout(texts, 1);
    auto* next = new QToolButton(m_lessonBanner);
    next->setDefaultAction(action(QStringLiteral("nextStep")));
    next->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    banner->addWidget(next, 0, Qt::AlignVCenter);
    auto* all = new QToolButton(m_lessonBanner);
    all->setDefaultAction(action(QStringLiteral("playLesson")));
    banner->addWidget(all, 0, Qt::AlignVCenter);
    m_lessonBanner->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_lessonBanner->hide();
    layout->addWidget(m_lessonBanner);

    m_rolloutView = new RolloutView(central);
    m_rolloutView->setObjectName(QStringLiteral("rolloutView"));
    // It scrolls: the lesson banner above it keeps the height of its text at 1280x720.
    m_rolloutView->setMinimumHeight(160);
    layout->addWidget(m_rolloutView, 1);
    m_views.push_back(
        {[this](const Simulation* sim) { m_rolloutView->setSimulation(sim); }, [this] { m_rolloutView->refresh(); }});
    connect(m_rolloutView, &RolloutView::commandRequested, this, [this](const QStringList& argv) { runCommand(argv); });
    connect(m_rolloutView, &RolloutView::podSelected, this, [this](const QString&, const QString& name) {
        m_currentPod = name;
        updateActions();
    });
    connect(m_rolloutView, &RolloutView::deploymentSelected, this,
        [this](const QString&, const QString& name) { setCurrentDeployment(name); });
    setCentralWidget(central);
}

void MainWindow::createEditorDock()
{
    m_editor = new ManifestEditor(this);
    m_editor->setObjectName(QStringLiteral("manifestEditor"));
    m_views.push_back(
        {[this](const Simulation* sim) { m_editor->setSimulation(sim); }, [this] { m_editor->refresh(); }});
    connect(m_editor, &ManifestEditor::applyRequested, this, &MainWindow::applyManifest);
    connect(m_editor, &ManifestEditor::modificationChanged, this, [this](bool m) {
        if (m)
            setModified(true);
    });
    m_editorDock = addDock(tr("Manifest"), QStringLiteral("editorDock"), m_editor, Qt::LeftDockWidgetArea);
}

void MainWindow::createConsoleDock()
{
    m_console = new CommandConsole(this);
    m_console->setObjectName(QStringLiteral("console"));
    m_console->setHistory(m_settings->consoleHistory());
    m_views.push_back({[this](const Simulation* sim) { m_console->setSimulation(sim); }, [] {}});
    connect(m_console, &CommandConsole::commandEntered, this, [this](const QString& line) {
        // The console echoed the line itself.
        m_transcript += QStringLiteral("$ ") + line + QLatin1Char('\n');
        m_consoleEchoed = true;
        runConsoleLine(line);
        m_consoleEchoed = false;
    });
    m_consoleDock = addDock(tr("Console"), QStringLiteral("consoleDock"), m_console, Qt::BottomDockWidgetArea);
}

void MainWindow::createTablesDock()
{
    m_tables = new QTabWidget(this);
    m_tables->setObjectName(QStringLiteral("tables"));
    m_tables->setDocumentMode(true);
    auto addTable = [this](ObjectTableModel* model, const QString& name) {
        auto* view = new QTableView(m_tables);
        view->setObjectName(name + QStringLiteral("Table"));
        view->setModel(model);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->setSelectionMode(QAbstractItemView::SingleSelection);
        view->verticalHeader()->hide();
        view->setWordWrap(false);
        view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_tableModels.insert(name, model);
        // Columns fit their text, as kubectl's tabwriter does (measured from the text: the view's
        // own size hints only look at the rows on screen, none while the dock is hidden).
        auto fit = [view, model](bool shrink) {
            const QFontMetrics fm(view->font());
            const QFontMetrics hfm(view->horizontalHeader()->font());
            for (int c = 0; c < model->columnCount(); ++c) {
                int w = hfm.horizontalAdvance(model->headerData(c, Qt::Horizontal).toString()) + 24;
                for (int r = 0; r < model->rowCount(); ++r)
                    w = std::max(w, fm.horizontalAdvance(model->index(r, c).data().toString()) + 16);
                if (shrink || w > view->columnWidth(c))
                    view->setColumnWidth(c, w);
            }
        };
        connect(model, &QAbstractItemModel::rowsInserted, view, [fit] { fit(false); });
        connect(model, &QAbstractItemModel::dataChanged, view, [fit] { fit(false); });
        connect(model, &QAbstractItemModel::modelReset, view, [fit] { fit(true); });
        connect(model, &QAbstractItemModel::rowsRemoved, view, [fit] { fit(true); });
        m_views.push_back(
            {[model](const Simulation* sim) { model->setSimulation(sim); }, [model] { model->refresh(); }});
        // Kubernetes' own names: never translated.
        m_tables->addTab(view, name);
        return view;
    };
    auto* deployments = addTable(new DeploymentsModel(this), QStringLiteral("Deployments"));
    auto* rs = new ReplicaSetsModel(this);
    rs->setLabelColumns({QStringLiteral("ver")}); // kubectl get rs -L ver
    auto* replicaSets = addTable(rs, QStringLiteral("ReplicaSets"));
    auto* pods = addTable(new PodsModel(this), QStringLiteral("Pods"));
    addTable(new EventsModel(this), QStringLiteral("Events"));
    auto selectRow = [this](QTableView* view, auto onRow) {
        connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [view, onRow](const QModelIndex& current) {
                if (current.isValid())
                    onRow(view->model()->index(current.row(), 0).data(ObjectTableModel::NameRole).toString());
            });
    };
    selectRow(deployments, [this](const QString& name) { setCurrentDeployment(name); });
    selectRow(pods, [this](const QString& name) {
        m_currentPod = name;
        updateActions();
    });
    Q_UNUSED(replicaSets);
    // Context menus: the Deployment actions on a Deployment row, Delete Pod on a pod row.
    auto contextMenu = [this](QTableView* view, auto onRow, QStringList names) {
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view, &QWidget::customContextMenuRequested, this, [this, view, onRow, names](const QPoint& pos) {
            const QModelIndex index = view->indexAt(pos);
            if (!index.isValid())
                return;
            onRow(index.siblingAtColumn(0).data(ObjectTableModel::NameRole).toString());
            QMenu menu(view);
            for (const QString& name : names) {
                if (name.isEmpty())
                    menu.addSeparator();
                else
                    menu.addAction(action(name));
            }
            menu.exec(view->viewport()->mapToGlobal(pos));
        });
    };
    contextMenu(deployments, [this](const QString& name) { setCurrentDeployment(name); },
        {QStringLiteral("setImage"), QStringLiteral("scale"), QStringLiteral("strategy"), {}, QStringLiteral("pause"),
            QStringLiteral("resume"), {}, QStringLiteral("undo"), QStringLiteral("undoTo"), QStringLiteral("restart")});
    contextMenu(pods,
        [this](const QString& name) {
            m_currentPod = name;
            updateActions();
        },
        {QStringLiteral("deletePod")});

    // History: `kubectl rollout history` of the current Deployment and the diff of two revisions.
    m_historyView = new RevisionDiffWidget(m_tables);
    m_historyView->setObjectName(QStringLiteral("history"));
    m_tableModels.insert(QStringLiteral("History"), m_historyView->historyModel());
    m_views.push_back({[this](const Simulation* sim) { m_historyView->setSimulation(sim); },
        [this] {
            const QString d = currentDeployment();
            if (d != m_historyDeployment) {
                m_historyDeployment = d;
                m_historyView->setDeployment(QStringLiteral("default"), d);
            }
            m_historyView->refresh();
        }});
    m_tables->addTab(m_historyView, QStringLiteral("History"));
    m_tablesDock = addDock(tr("Tables"), QStringLiteral("tablesDock"), m_tables, Qt::BottomDockWidgetArea);
}

QAbstractItemModel* MainWindow::tableModel(const QString& name) const
{
    return m_tableModels.value(name);
}

void MainWindow::createChartsDock()
{
    m_charts = new QTabWidget(this);
    m_charts->setObjectName(QStringLiteral("charts"));
    m_charts->setDocumentMode(true);
    // Each tab scrolls: the charts' minimum sizes must not make the window taller than 720 px.
    auto addTab = [this](QWidget* w, const QString& title) {
        auto* scroll = new QScrollArea(m_charts);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(w);
        m_charts->addTab(scroll, title);
    };
    m_availability = new AvailabilityChart;
    addTab(m_availability, tr("Availability"));
    m_timeline = new PodTimelineWidget;
    addTab(m_timeline, tr("Pod timeline"));
    auto* traffic = new QSplitter(Qt::Horizontal);
    m_trafficChart = new TrafficChart(traffic);
    m_trafficLog = new TrafficLogWidget(traffic);
    traffic->addWidget(m_trafficChart);
    traffic->addWidget(m_trafficLog);
    addTab(traffic, tr("Traffic"));
    m_compare = new CompareWidget;
    addTab(m_compare, tr("Compare"));

    m_views.push_back({[this](const Simulation* sim) {
                           m_availability->setSimulation(sim);
                           m_timeline->setSimulation(sim);
                           m_trafficChart->setSimulation(sim);
                           m_trafficLog->setSimulation(sim);
                           m_trafficChart->setTrafficSource(m_session->viewTraffic());
                           m_trafficLog->setTrafficSource(m_session->viewTraffic());
                       },
        [this] {
            const QString d = currentDeployment();
            if (d != m_chartsDeployment && !d.isEmpty()) {
                m_chartsDeployment = d;
                m_availability->setDeployment(QStringLiteral("default"), d);
                m_timeline->setDeployment(QStringLiteral("default"), d);
                m_trafficChart->setDeployment(QStringLiteral("default"), d);
            }
            // `sim traffic` may have started or replaced the client since the last frame.
            m_trafficChart->setTrafficSource(m_session->viewTraffic());
            m_trafficLog->setTrafficSource(m_session->viewTraffic());
            if (!m_chartsDock->isVisible())
                return; // charts are the costliest views: only while shown
            m_availability->refresh();
            m_timeline->refresh();
            m_trafficChart->refresh();
            m_trafficLog->refresh();
        }});
    auto scrub = [this](Millis t) { scrubTo(t - m_session->simulation().startTime()); };
    connect(m_availability, &AvailabilityChart::timeClicked, this, scrub);
    connect(m_timeline, &PodTimelineWidget::timeClicked, this, scrub);
    connect(m_timeline, &PodTimelineWidget::podSelected, this, [this](const QString&, const QString& name) {
        m_currentPod = name;
        updateActions();
    });
    // The traffic client's controls run as the console command they equal.
    connect(m_trafficLog, &TrafficLogWidget::rateChangeRequested, this, [this](double rate) {
        const QString svc = trafficService();
        if (!svc.isEmpty())
            runCommand({QStringLiteral("sim"), QStringLiteral("traffic"), svc, QString::number(rate)});
    });
    connect(m_trafficLog, &TrafficLogWidget::runningChangeRequested, this, [this](bool run) {
        const QString svc = trafficService();
        if (run && !svc.isEmpty())
            runCommand({QStringLiteral("sim"), QStringLiteral("traffic"), svc});
        else if (!run)
            runCommand({QStringLiteral("sim"), QStringLiteral("traffic"), QStringLiteral("off")});
    });
    m_chartsDock = addDock(tr("Charts"), QStringLiteral("chartsDock"), m_charts, Qt::BottomDockWidgetArea);
}

QString MainWindow::trafficService()
{
    for (const auto& [key, svc] : m_session->viewSimulation().store().all<Service>())
        if (svc->metadata.namespace_ == QLatin1String("default") && svc->metadata.name != QLatin1String("kubernetes"))
            return svc->metadata.name;
    showError(tr("No Service"), tr("Traffic goes through a Service: apply one first."));
    return {};
}

void MainWindow::createTimeBar()
{
    m_timeBar = new TimeBar(
        action(QStringLiteral("play")), action(QStringLiteral("step")), action(QStringLiteral("present")), this);
    m_timeBar->setObjectName(QStringLiteral("timeBar"));
    auto* bar = new QToolBar(tr("Time"), this);
    bar->setObjectName(QStringLiteral("timeToolBar"));
    bar->setMovable(false);
    bar->addWidget(m_timeBar);
    addToolBar(Qt::BottomToolBarArea, bar);
    connect(m_timeBar, &TimeBar::speedChanged, this, &MainWindow::setSpeed);
    connect(m_timeBar, &TimeBar::scrubbed, this, &MainWindow::scrubTo);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("open")));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(action(QStringLiteral("save")));
    file->addAction(action(QStringLiteral("saveAs")));
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("&Window…"), this, [this] { exportDialog(this, 1); });
    exportMenu->addAction(tr("Window at &2×…"), this, [this] { exportDialog(this, 2); });
    exportMenu->addAction(tr("&Rollout View…"), this, [this] { exportDialog(m_rolloutView, 2); });
    exportMenu->addAction(tr("&Chart…"), this, [this] {
        auto* scroll = qobject_cast<QScrollArea*>(m_charts->currentWidget());
        exportDialog(scroll ? scroll->widget() : m_charts->currentWidget(), 2);
    });
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(action(QStringLiteral("editUndo")));
    edit->addAction(action(QStringLiteral("editRedo")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("apply")));

    QMenu* dep = menuBar()->addMenu(tr("&Deployment"));
    for (const char* name : std::initializer_list<const char*> {"setImage", "scale", "strategy", nullptr, "pause",
             "resume", nullptr, "undo", "undoTo", "restart", nullptr, "deletePod"}) {
        if (name)
            dep->addAction(action(QString::fromLatin1(name)));
        else
            dep->addSeparator();
    }

    QMenu* time = menuBar()->addMenu(tr("&Time"));
    time->addAction(action(QStringLiteral("play")));
    time->addAction(action(QStringLiteral("step")));
    time->addAction(action(QStringLiteral("present")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : {m_editorDock, m_consoleDock, m_tablesDock, m_chartsDock})
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    QMenu* theme = view->addMenu(tr("&Theme"));
    m_themeGroup = new QActionGroup(this);
    const std::pair<QString, AppSettings::Theme> themes[] = {{tr("&System"), AppSettings::Theme::System},
        {tr("&Light"), AppSettings::Theme::Light}, {tr("&Dark"), AppSettings::Theme::Dark}};
    for (const auto& [text, t] : themes) {
        auto* a = theme->addAction(text);
        a->setCheckable(true);
        a->setData(int(t));
        a->setObjectName(QStringLiteral("theme%1").arg(int(t)));
        m_actions.insert(a->objectName(), a);
        m_themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, t = t] { applyTheme(t); });
    }
    view->addAction(action(QStringLiteral("presentation")));

    m_lessonsMenu = menuBar()->addMenu(tr("&Lessons"));
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("about")));
    updateRecentMenu();
    updateLessonsMenu();
}

void MainWindow::createToolBar()
{
    auto* bar = addToolBar(tr("Actions"));
    m_actionsBar = bar;
    bar->setObjectName(QStringLiteral("actionsToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    // Short labels: the whole bar fits 1280 px, also in presentation mode's larger font.
    const std::pair<const char*, QString> shortText[] = {{"apply", tr("Apply")}, {"setImage", tr("Image…")},
        {"scale", tr("Scale…")}, {"strategy", tr("Strategy…")}, {"pause", tr("Pause")}, {"resume", tr("Resume")},
        {"undo", tr("Undo")}, {"restart", tr("Restart")}, {"deletePod", tr("Delete Pod…")}, {"nextStep", tr("Next")}};
    for (const auto& [name, text] : shortText)
        action(QString::fromLatin1(name))->setIconText(text);
    bar->addAction(action(QStringLiteral("apply")));
    for (const char* name : {"setImage", "scale", "strategy", "pause", "resume", "undo", "restart", "deletePod"})
        bar->addAction(action(QString::fromLatin1(name)));
    bar->addSeparator();
    bar->addAction(action(QStringLiteral("nextStep")));
}

// --- session wiring ----------------------------------------------------------------------------

void MainWindow::onOutput(const QString& text, bool isError)
{
    m_transcript += text;
    if (isError)
        m_commandErrors += text;
    if (m_transcript.size() > kTranscriptLimit)
        m_transcript.remove(0, m_transcript.size() - kTranscriptLimit / 2);
    m_console->appendOutput(text, isError);
}

void MainWindow::onChanged()
{
    for (const View& v : m_views)
        v.refresh();
    updateActions();
    updateTimes();
}

void MainWindow::onViewReplaced()
{
    m_shown = &m_session->viewSimulation();
    for (const View& v : m_views)
        v.setSimulation(m_shown);
    for (const View& v : m_views)
        v.refresh();
    updateTimes();
}

void MainWindow::showSimulation(const Simulation* sim)
{
    m_external = sim;
    if (!sim)
        return onViewReplaced();
    m_shown = sim;
    for (const View& v : m_views)
        v.setSimulation(sim);
    for (const View& v : m_views)
        v.refresh();
    m_timeBar->setTimes(sim->now() - sim->startTime(), sim->now() - sim->startTime(), sim->startTime());
}

void MainWindow::showLessonStep(const Lesson& lesson, int index)
{
    m_lesson = std::make_unique<Lesson>(lesson);
    m_nextStep = index + 1;
    updateLessonBanner();
    updateActions();
}

void MainWindow::updateTimes()
{
    if (!m_timeBar || !m_status)
        return;
    const Simulation& live = m_session->simulation();
    m_timeBar->setTimes(m_session->elapsed(), m_session->viewTime(), live.startTime());
    action(QStringLiteral("present"))->setEnabled(m_session->isViewingPast());
    if (m_session->isViewingPast())
        m_status->setText(tr("Viewing the past: acting now starts a new future from this moment"));
    else if (m_session->pendingCommands() > 0)
        m_status->setText(tr("Lesson playing: %n command(s) to come", nullptr, m_session->pendingCommands()));
    else
        m_status->setText(m_playing ? tr("Live") : tr("Paused"));
}

void MainWindow::updateActions()
{
    const bool hasDeployment = deployment() != nullptr;
    for (const char* name : {"setImage", "scale", "strategy", "pause", "resume", "undo", "undoTo", "restart"})
        action(QString::fromLatin1(name))->setEnabled(hasDeployment);
    action(QStringLiteral("deletePod"))->setEnabled(!m_session->viewSimulation().store().all<Pod>().empty());
    const bool stepsLeft = m_lesson && m_nextStep < m_lesson->stepCount();
    action(QStringLiteral("nextStep"))->setEnabled(stepsLeft);
    action(QStringLiteral("playLesson"))->setEnabled(stepsLeft || m_session->pendingCommands() > 0);
}

void MainWindow::setModified(bool on)
{
    m_modified = on;
    setWindowModified(on);
}

void MainWindow::updateTitle()
{
    QString name;
    if (!m_workspacePath.isEmpty())
        name = QFileInfo(m_workspacePath).fileName();
    else if (!m_session->lesson().isEmpty())
        name = QFileInfo(m_session->lesson()).fileName();
    else
        name = tr("Untitled");
    setWindowTitle(QStringLiteral("%1[*] — %2").arg(name, tr("Rollout Lab")));
    setWindowModified(m_modified);
}

// --- time --------------------------------------------------------------------------------------

void MainWindow::setPlaying(bool on)
{
    m_playing = on;
    QAction* play = action(QStringLiteral("play"));
    play->setText(on ? tr("Pause") : tr("Play"));
    play->setIcon(style()->standardIcon(on ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    if (on) {
        m_wall.start();
        m_carry = 0;
        if (m_options.frameTimer)
            m_frameTimer->start();
    } else {
        m_frameTimer->stop();
    }
    updateTimes();
}

void MainWindow::setSpeed(double speed)
{
    m_speed = std::clamp(speed, 0.25, 100.0);
    if (m_timeBar && std::abs(m_timeBar->speed() - m_speed) > 1e-9)
        m_timeBar->setSpeed(m_speed);
}

void MainWindow::tick()
{
    frame(m_wall.restart());
}

void MainWindow::frame(qint64 wallMs)
{
    if (!m_playing || wallMs <= 0)
        return;
    // A frame never covers more than half a second of wall time (a stalled event loop must not
    // jump the simulation).
    m_carry += double(std::min<qint64>(wallMs, 500)) * m_speed;
    const Millis ms = Millis(std::floor(m_carry));
    m_carry -= double(ms);
    if (ms > 0)
        m_session->advanceBy(ms);
}

void MainWindow::scrubTo(Millis t)
{
    m_session->viewAt(t);
}

bool MainWindow::confirmBranch()
{
    const Millis t = m_session->viewTime();
    const auto button = ask(tr("Act from the past?"),
        tr("You are viewing the cluster as it was at %1. Acting now starts a new future from that moment: what "
           "happened after it is set aside (Edit › Undo brings it back).")
            .arg(TimeBar::elapsedText(t)),
        QMessageBox::Yes | QMessageBox::Cancel);
    if (button != QMessageBox::Yes)
        return false;
    m_undo->push(new BranchCommand(m_session, tr("New future from %1").arg(TimeBar::elapsedText(t))));
    setModified(true);
    return true;
}

// --- commands ----------------------------------------------------------------------------------

int MainWindow::runCommand(const QStringList& argv, const QString& stdinText)
{
    const int status = m_session->runArgv(argv, stdinText);
    setModified(true);
    return status;
}

int MainWindow::runConsoleLine(const QString& line)
{
    const int status = m_session->runLine(line, !m_consoleEchoed);
    setModified(true);
    return status;
}

QString MainWindow::currentDeployment() const
{
    const auto& deployments = (m_external ? *m_external : m_session->viewSimulation()).store().all<Deployment>();
    if (!m_currentDeployment.isEmpty() && deployments.count(objectKey(QStringLiteral("default"), m_currentDeployment)))
        return m_currentDeployment;
    for (const auto& [key, d] : deployments)
        if (d->metadata.namespace_ == QLatin1String("default"))
            return d->metadata.name;
    return {};
}

void MainWindow::setCurrentDeployment(const QString& name)
{
    m_currentDeployment = name;
    updateActions();
}

std::shared_ptr<const Deployment> MainWindow::deployment() const
{
    const QString name = currentDeployment();
    if (name.isEmpty())
        return nullptr;
    return (m_external ? *m_external : m_session->viewSimulation())
        .store()
        .get<Deployment>(QStringLiteral("default"), name);
}

bool MainWindow::runDialog(QDialog* d)
{
    if (m_dialogHandler)
        return m_dialogHandler(d);
    return d->exec() == QDialog::Accepted;
}

void MainWindow::setImageAction()
{
    const auto d = deployment();
    if (!d)
        return;
    SetImageDialog dialog(*d, this);
    if (runDialog(&dialog))
        runCommand(dialog.argv());
}

void MainWindow::scaleAction()
{
    const auto d = deployment();
    if (!d)
        return;
    ScaleDialog dialog(*d, this);
    if (runDialog(&dialog))
        runCommand(dialog.argv());
}

void MainWindow::strategyAction()
{
    const auto d = deployment();
    if (!d)
        return;
    StrategyDialog dialog(*d, this);
    if (runDialog(&dialog))
        runCommand(dialog.argv());
}

void MainWindow::undoToRevisionAction()
{
    const auto d = deployment();
    if (!d)
        return;
    RevisionDialog dialog(m_session->viewSimulation().store(), *d, this);
    if (runDialog(&dialog))
        runCommand(dialog.argv());
}

void MainWindow::deletePodAction()
{
    QString pod = m_currentPod;
    const auto& pods = m_session->viewSimulation().store().all<Pod>();
    if (pod.isEmpty() || !pods.count(objectKey(QStringLiteral("default"), pod))) {
        QStringList names;
        for (const auto& [key, p] : pods)
            if (p->metadata.namespace_ == QLatin1String("default"))
                names << p->metadata.name;
        if (names.isEmpty())
            return;
        bool ok = false;
        pod = QInputDialog::getItem(this, tr("Delete pod"), tr("Pod:"), names, 0, false, &ok);
        if (!ok)
            return;
    }
    runCommand(DeploymentActions::deletePod(pod));
}

void MainWindow::applyEditor()
{
    m_editor->requestApply();
}

void MainWindow::applyManifest(const QString& text, const QString& path)
{
    if (text.trimmed().isEmpty())
        return;
    // The text as it is on disk: `kubectl apply -f PATH`; edited: `-f -` with the text on stdin.
    QStringList argv {QStringLiteral("apply"), QStringLiteral("-f")};
    QString stdinText;
    QFile f(path);
    if (!path.isEmpty() && !m_editor->isModified() && f.open(QIODevice::ReadOnly)
        && QString::fromUtf8(f.readAll()) == text) {
        argv << path;
    } else {
        argv << QStringLiteral("-");
        stdinText = text;
    }
    m_commandErrors.clear();
    const int status = runCommand(argv, stdinText);
    m_editor->setApplyResult(status == 0, m_commandErrors);
}

// --- lessons -----------------------------------------------------------------------------------

QString MainWindow::lessonsDirectory()
{
    return Lesson::bundledLessonsDirectory();
}

QString MainWindow::defaultLesson()
{
    const QString dir = lessonsDirectory();
    return dir.isEmpty() ? QString() : QDir(dir).filePath(QStringLiteral("02-kiada-rolling-update"));
}

void MainWindow::updateLessonsMenu()
{
    m_lessonsMenu->clear();
    m_lessonsMenu->addAction(action(QStringLiteral("nextStep")));
    m_lessonsMenu->addAction(action(QStringLiteral("playLesson")));
    m_lessonsMenu->addSeparator();
    for (const QString& folder : Lesson::lessonFolders(lessonsDirectory())) {
        const auto lesson = Lesson::load(folder);
        const QString title = lesson ? lesson->title() : QFileInfo(folder).fileName();
        auto* a = m_lessonsMenu->addAction(title, this, [this, folder] { openLesson(folder); });
        a->setStatusTip(folder);
    }
}

bool MainWindow::openLesson(const QString& folderOrScript)
{
    QString error;
    auto lesson = Lesson::load(folderOrScript, &error);
    if (!lesson) {
        showError(tr("Cannot open the lesson"), error);
        return false;
    }
    if (!maybeSave())
        return false;
    const QFileInfo fi(folderOrScript);
    m_undo->clear();
    m_session->reset();
    m_session->setLesson(fi.absoluteFilePath());
    m_session->setWorkingDirectory(lesson->directory());
    m_transcript.clear();
    m_console->clearOutput();
    m_lesson = std::make_unique<Lesson>(std::move(*lesson));
    m_nextStep = 0;
    m_workspacePath.clear();
    setModified(false);
    m_settings->addRecentFile(fi.absoluteFilePath());
    updateRecentMenu();
    updateTitle();
    nextLessonStep(); // the first step plays as time passes
    setPlaying(true);
    return true;
}

void MainWindow::nextLessonStep()
{
    if (!m_lesson || m_nextStep >= m_lesson->stepCount())
        return;
    const LessonStep& step = m_lesson->steps()[std::size_t(m_nextStep)];
    m_session->playScript(step.script, m_lesson->directory());
    ++m_nextStep;
    updateLessonBanner();
    updateActions();
}

void MainWindow::playWholeLesson()
{
    if (!m_lesson)
        return;
    while (m_nextStep < m_lesson->stepCount())
        nextLessonStep();
    m_session->finishScript();
}

void MainWindow::updateLessonBanner()
{
    if (!m_lesson) {
        m_lessonBanner->hide();
        return;
    }
    const int shown = std::max(0, m_nextStep - 1);
    const LessonStep* step = m_lesson->stepCount() > 0 ? &m_lesson->steps()[std::size_t(shown)] : nullptr;
    m_lessonTitle->setText(tr("%1 — step %2 of %3: %4")
                               .arg(m_lesson->title())
                               .arg(shown + 1)
                               .arg(m_lesson->stepCount())
                               .arg(step ? step->title : QString()));
    m_lessonNoteText->setText(step ? step->note : QString());
    m_lessonNoteText->setToolTip(m_lessonNoteText->text());
    m_lessonNoteText->setVisible(step && !step->note.isEmpty());
    m_lessonBanner->show();
    // Tall enough for the title and every line of the note (the layout next to the rollout view
    // would squeeze it otherwise).
    const int noteLines = m_lessonNoteText->isVisibleTo(m_lessonBanner)
        ? int(m_lessonNoteText->text().count(QLatin1Char('\n'))) + 1
        : 0;
    const QMargins margins = m_lessonBanner->layout()->contentsMargins();
    // From the application font (the labels' own fonts follow it a few events later).
    QFont titleFont = QApplication::font();
    titleFont.setBold(true);
    const int text = QFontMetrics(titleFont).height() + noteLines * QFontMetrics(QApplication::font()).lineSpacing()
        + (noteLines > 0 ? m_lessonBanner->layout()->spacing() + 4 : 0);
    const int buttons = QFontMetrics(QApplication::font()).height() + 12;
    m_lessonBanner->setFixedHeight(
        std::max(text, buttons) + margins.top() + margins.bottom() + 2 * m_lessonBanner->frameWidth());
}

// --- files -------------------------------------------------------------------------------------

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open"), lessonsDirectory(),
        tr("Rollout Lab files (*.%1 *.sh *.yaml *.yml *.json);;Workspaces (*.%1);;Scripts and lessons (*.sh);;"
           "Manifests (*.yaml *.yml *.json);;All files (*)")
            .arg(kWorkspaceSuffix));
    if (!path.isEmpty())
        openPath(path);
}

bool MainWindow::openPath(const QString& path)
{
    const QFileInfo fi(path);
    if (!fi.exists()) {
        showError(tr("Cannot open"), tr("%1: No such file or directory").arg(path));
        m_settings->removeRecentFile(fi.absoluteFilePath());
        updateRecentMenu();
        return false;
    }
    if (fi.isDir()) {
        if (QFileInfo::exists(fi.absoluteFilePath() + QStringLiteral("/lesson.sh")))
            return openLesson(fi.absoluteFilePath());
        showError(tr("Cannot open"), tr("%1 is a folder without a lesson.sh").arg(path));
        return false;
    }
    const QString suffix = fi.suffix().toLower();
    if (suffix == kWorkspaceSuffix)
        return openWorkspace(fi.absoluteFilePath());
    if (suffix == QLatin1String("sh"))
        return openLesson(fi.absoluteFilePath());
    QFile f(fi.absoluteFilePath());
    if (!f.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open"), tr("%1: %2").arg(path, f.errorString()));
        return false;
    }
    const QByteArray data = f.read(16 * 1024 * 1024);
    if (suffix == QLatin1String("json") && data.contains("\"rollout-lab-workspace\""))
        return openWorkspace(fi.absoluteFilePath());
    // A manifest: into the editor.
    m_editor->setText(QString::fromUtf8(data));
    m_editor->setFilePath(fi.absoluteFilePath());
    m_editorDock->show();
    m_editorDock->setWindowTitle(tr("Manifest — %1").arg(fi.fileName()));
    m_session->setWorkingDirectory(fi.absolutePath());
    m_settings->addRecentFile(fi.absoluteFilePath());
    updateRecentMenu();
    return true;
}

Workspace MainWindow::currentWorkspace() const
{
    Workspace w = m_session->toWorkspace();
    w.documents.push_back({m_editor->filePath(), m_editor->text()});
    QJsonObject ui;
    ui.insert(key("speed"), m_speed);
    ui.insert(key("playing"), m_playing);
    if (m_session->isViewingPast())
        ui.insert(key("viewTime"), double(m_session->viewTime()));
    if (!m_currentDeployment.isEmpty())
        ui.insert(key("deployment"), m_currentDeployment);
    if (!m_currentPod.isEmpty())
        ui.insert(key("pod"), m_currentPod);
    if (!m_workspacePath.isEmpty())
        ui.insert(key("workspacePath"), m_workspacePath);
    ui.insert(key("workingDirectory"), m_session->workingDirectory());
    // A lesson being played goes on after a reload; the console shows what it showed.
    if (m_session->pendingCommands() > 0) {
        ui.insert(key("script"), m_session->pendingScript());
        ui.insert(key("scriptDue"), double(m_session->pendingDue()));
    }
    QJsonObject vars;
    for (auto it = m_session->variables().begin(); it != m_session->variables().end(); ++it)
        vars.insert(it.key(), it.value());
    if (!vars.isEmpty())
        ui.insert(key("variables"), vars);
    ui.insert(key("console"), m_transcript.right(kSavedTranscript));
    if (m_lesson)
        ui.insert(key("lessonStep"), m_nextStep);
    w.ui = ui;
    return w;
}

bool MainWindow::openWorkspace(const QString& path)
{
    QString error;
    const auto w = Workspace::load(path, &error);
    if (!w) {
        // The file is left as it is.
        showError(tr("Cannot open the workspace"), error);
        return false;
    }
    if (!maybeSave())
        return false;
    loadWorkspace(*w);
    m_workspacePath = path;
    setModified(false);
    m_settings->addRecentFile(path);
    updateRecentMenu();
    updateTitle();
    return true;
}

void MainWindow::loadWorkspace(const Workspace& w)
{
    m_undo->clear();
    m_session->fromWorkspace(w);
    if (!w.documents.empty()) {
        m_editor->setText(w.documents.front().text);
        m_editor->setFilePath(w.documents.front().path);
    }
    const QJsonObject& ui = w.ui;
    if (ui.contains(key("speed")))
        setSpeed(ui.value(key("speed")).toDouble());
    m_currentDeployment = ui.value(key("deployment")).toString();
    m_currentPod = ui.value(key("pod")).toString();
    if (ui.contains(key("workingDirectory")))
        m_session->setWorkingDirectory(ui.value(key("workingDirectory")).toString());
    QMap<QString, QString> vars;
    const QJsonObject v = ui.value(key("variables")).toObject();
    for (auto it = v.begin(); it != v.end(); ++it)
        vars.insert(it.key(), it.value().toString());
    m_session->restoreScript(ui.value(key("script")).toString(), Millis(ui.value(key("scriptDue")).toDouble()), vars);
    m_transcript.clear();
    m_console->clearOutput();
    onOutput(ui.value(key("console")).toString(), false);
    m_lesson.reset();
    if (!w.lesson.isEmpty() && ui.contains(key("lessonStep"))) {
        if (auto lesson = Lesson::load(w.lesson)) {
            m_lesson = std::make_unique<Lesson>(std::move(*lesson));
            m_nextStep = std::clamp(ui.value(key("lessonStep")).toInt(), 0, m_lesson->stepCount());
        }
    }
    updateLessonBanner();
    if (ui.contains(key("viewTime")))
        m_session->viewAt(Millis(ui.value(key("viewTime")).toDouble()));
    setPlaying(false);
    updateActions();
}

bool MainWindow::saveWorkspace(const QString& path)
{
    QString error;
    if (!currentWorkspace().save(path, &error)) {
        showError(tr("Cannot save the workspace"), error);
        return false;
    }
    m_workspacePath = path;
    m_editor->setModified(false);
    setModified(false);
    m_settings->addRecentFile(path);
    updateRecentMenu();
    updateTitle();
    return true;
}

void MainWindow::saveWorkspaceAction()
{
    if (m_workspacePath.isEmpty())
        saveWorkspaceAsAction();
    else
        saveWorkspace(m_workspacePath);
}

void MainWindow::saveWorkspaceAsAction()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save Workspace"),
        m_workspacePath.isEmpty() ? QStringLiteral("session.%1").arg(kWorkspaceSuffix) : m_workspacePath,
        tr("Workspaces (*.%1)").arg(kWorkspaceSuffix));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + kWorkspaceSuffix;
    saveWorkspace(path);
}

bool MainWindow::exportWidget(QWidget* widget, const QString& path, qreal scale)
{
    QString error;
    if (!WidgetExporter::save(widget ? widget : this, path, scale, nullptr, &error)) {
        showError(tr("Cannot export"), error);
        return false;
    }
    return true;
}

void MainWindow::exportDialog(QWidget* widget, qreal scale)
{
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export"), QStringLiteral("rollout-lab.png"), tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".png");
    exportWidget(widget, path, scale);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_settings->recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        auto* a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()), this,
            [this, path] { openPath(path); });
        a->setStatusTip(path);
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

QString MainWindow::autosavePath() const
{
    return QDir(m_options.dataDirectory).filePath(QStringLiteral("autosave.%1").arg(kWorkspaceSuffix));
}

bool MainWindow::autosave()
{
    if (!m_lock)
        return false;
    QString error;
    if (!currentWorkspace().save(autosavePath(), &error))
        return false;
    m_autosaveDirty = false;
    return true;
}

bool MainWindow::offerRestore()
{
    if (!m_crashAutosave)
        return false;
    m_crashAutosave = false;
    const QString when = QFileInfo(autosavePath()).lastModified().toString(Qt::TextDate);
    const auto button = ask(tr("Restore the last session?"),
        tr("Rollout Lab did not end cleanly last time. Restore the session saved automatically at %1?").arg(when),
        QMessageBox::Yes | QMessageBox::No);
    if (button != QMessageBox::Yes)
        return false;
    QString error;
    const auto w = Workspace::load(autosavePath(), &error);
    if (!w) {
        showError(tr("Cannot restore the session"), error);
        return false;
    }
    loadWorkspace(*w);
    m_workspacePath = w->ui.value(key("workspacePath")).toString();
    setModified(true); // restored, not saved yet
    updateTitle();
    updateActions();
    return true;
}

bool MainWindow::maybeSave()
{
    if (!m_modified)
        return true;
    const auto button
        = ask(tr("Save the workspace?"), tr("This session has changes that are not saved in a workspace."),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (button == QMessageBox::Save) {
        saveWorkspaceAction();
        return !m_modified;
    }
    return button == QMessageBox::Discard;
}

QMessageBox::StandardButton MainWindow::ask(
    const QString& title, const QString& text, QMessageBox::StandardButtons buttons)
{
    if (m_options.ask)
        return m_options.ask(title, text, buttons);
    return QMessageBox::question(this, title, text, buttons);
}

void MainWindow::showError(const QString& title, const QString& text)
{
    if (m_options.error) {
        m_options.error(title, text);
        return;
    }
    QMessageBox::warning(this, title, text);
}

// --- window ------------------------------------------------------------------------------------

void MainWindow::readSettings()
{
    const QByteArray geometry = m_settings->geometry();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1280, 720);
    const QByteArray state = m_settings->windowState();
    if (state.isEmpty() || !restoreState(state, AppSettings::kWindowStateVersion)) {
        resizeDocks({m_editorDock}, {340}, Qt::Horizontal);
        resizeDocks({m_consoleDock, m_tablesDock}, {200, 200}, Qt::Vertical);
        resizeDocks({m_consoleDock, m_tablesDock}, {660, 620}, Qt::Horizontal);
        tabifyDockWidget(m_tablesDock, m_chartsDock);
        m_tablesDock->raise();
    }
    setSpeed(m_settings->speed());
    const AppSettings::Theme theme = m_settings->theme();
    if (theme != AppSettings::Theme::System)
        applyTheme(theme);
    for (QAction* a : m_themeGroup->actions())
        a->setChecked(a->data().toInt() == int(theme));
    if (m_settings->presentationMode()) {
        action(QStringLiteral("presentation"))->setChecked(true);
        setPresentationMode(true);
    }
}

void MainWindow::writeSettings()
{
    m_settings->setGeometry(saveGeometry());
    m_settings->setWindowState(saveState(AppSettings::kWindowStateVersion));
    m_settings->setSpeed(m_speed);
    m_settings->setConsoleHistory(m_console->history());
    m_settings->sync();
}

void MainWindow::applyTheme(AppSettings::Theme theme)
{
    m_settings->setTheme(theme);
    QPalette p = theme == AppSettings::Theme::Dark ? darkPalette()
        : theme == AppSettings::Theme::Light       ? lightPalette()
                                                   : m_systemPalette;
    if (action(QStringLiteral("presentation"))->isChecked())
        p = highContrast(p);
    QApplication::setPalette(p);
    for (QAction* a : m_themeGroup->actions())
        a->setChecked(a->data().toInt() == int(theme));
}

void MainWindow::setPresentationMode(bool on)
{
    m_settings->setPresentationMode(on);
    QFont f = m_systemFont;
    if (on) {
        if (f.pointSizeF() > 0)
            f.setPointSizeF(f.pointSizeF() * 1.5);
        else
            f.setPixelSize(int(f.pixelSize() * 1.5));
    }
    QApplication::setFont(f);
    updateLessonBanner();
    // Room for the large text at 1280x720: the editor and the actions toolbar step aside (menus
    // and shortcuts stay); they come back when presentation mode ends.
    if (on) {
        m_editorWasVisible = m_editorDock->isVisible();
        m_editorDock->hide();
        m_actionsBar->hide();
    } else {
        m_editorDock->setVisible(m_editorWasVisible);
        m_actionsBar->show();
    }
    m_availability->setPresentationMode(on);
    m_timeline->setPresentationMode(on);
    m_trafficChart->setPresentationMode(on);
    m_trafficLog->setPresentationMode(on);
    m_compare->setPresentationMode(on);
    applyTheme(m_settings->theme());
}

void MainWindow::changeEvent(QEvent* e)
{
    QMainWindow::changeEvent(e);
    // The banner's height follows its text: recompute once every child has its new font.
    if (e->type() == QEvent::FontChange || e->type() == QEvent::ApplicationFontChange)
        QTimer::singleShot(0, this, &MainWindow::updateLessonBanner);
}

void MainWindow::closeEvent(QCloseEvent* e)
{
    if (!maybeSave()) {
        e->ignore();
        return;
    }
    setPlaying(false);
    writeSettings();
    autosave();
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
    e->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e)
{
    if (e->mimeData()->hasUrls()) {
        for (const QUrl& u : e->mimeData()->urls())
            if (!u.isLocalFile())
                return;
        e->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* e)
{
    for (const QUrl& u : e->mimeData()->urls())
        openPath(u.toLocalFile());
    e->acceptProposedAction();
}

} // namespace rl
