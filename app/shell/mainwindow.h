#pragma once

#include "appsettings.h"
#include "sim/eventqueue.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QLockFile;
class QMenu;
class QPlainTextEdit;
class QLineEdit;
class QAbstractItemModel;
class QComboBox;
class QFrame;
class QTabWidget;
class QTimer;
class QToolBar;
class QUndoStack;

namespace rl {

class AvailabilityChart;
class CommandConsole;
class CompareWidget;
class PodTimelineWidget;
class RevisionDiffWidget;
class TrafficChart;
class TrafficLogWidget;
class Lesson;
class ManifestEditor;
class ObjectTableModel;
class RolloutHistoryModel;
class RolloutView;
class Session;
class Simulation;
class TimeBar;
struct Workspace;
struct Deployment;

/// How a MainWindow is set up (tests inject settings, folders and answers).
struct MainWindowOptions
{
    /// Settings to use (default: the application's QSettings). Not owned.
    AppSettings* settings = nullptr;
    /// Where the autosave and the running-instance lock live (default: AppDataLocation).
    QString dataDirectory;
    bool autosave = true;
    /// Play drives the clock from a wall-clock timer; tests turn it off and call frame().
    bool frameTimer = true;
    /// Answers the window's questions (tests inject one): returns the button chosen.
    std::function<QMessageBox::StandardButton(
        const QString& title, const QString& text, QMessageBox::StandardButtons buttons)>
        ask;
    /// Shows errors (tests collect them); default: a warning box.
    std::function<void(const QString& title, const QString& text)> error;
};

/// Rollout Lab's window: the rollout view in the middle; docks for the manifest editor, the
/// kubectl console, the tables and the charts; a time bar. It owns the Session (the live
/// cluster), drives its clock from a frame timer at the chosen speed, runs every action as the
/// kubectl command it equals (echoed in the console), and keeps the work: workspace files,
/// autosave with restore after a crash, settings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using Options = MainWindowOptions;

    explicit MainWindow(QWidget* parent = nullptr);
    explicit MainWindow(Options options, QWidget* parent = nullptr);
    ~MainWindow() override;

    Session& session() { return *m_session; }
    QUndoStack* undoStack() const { return m_undo; }
    AppSettings& settings() { return *m_settings; }
    /// An action by object name ("setImage", "scale", "play", ...), for tests and scripting.
    QAction* action(const QString& name) const;

    /// Opens a lesson folder, a script (.sh), a manifest (into the editor) or a workspace.
    bool openPath(const QString& path);
    bool openLesson(const QString& folderOrScript);
    bool openWorkspace(const QString& path);
    bool saveWorkspace(const QString& path);
    /// Makes `w` the window's session (cluster, documents, window state).
    void loadWorkspace(const Workspace& w);
    QString workspacePath() const { return m_workspacePath; }
    /// The workspace of the window now: the session plus documents and window state.
    Workspace currentWorkspace() const;

    /// The folder of the bundled lessons and the default lesson in it.
    static QString lessonsDirectory();
    static QString defaultLesson();

    /// True when an autosave of a session that did not end cleanly exists.
    bool hasCrashAutosave() const { return m_crashAutosave; }
    /// Offers to restore the autosave of an unclean exit; true if restored.
    bool offerRestore();
    QString autosavePath() const;
    /// Writes the autosave now (the timer does it while the session changes, and on quit).
    bool autosave();

    // Time
    bool isPlaying() const { return m_playing; }
    void setPlaying(bool on);
    double speed() const { return m_speed; }
    void setSpeed(double speed);
    /// Shows moment `t` (ms since the start); the present when t >= elapsed.
    void scrubTo(Millis t);

    /// Runs an action's kubectl argv through the session (echoed in the console).
    int runCommand(const QStringList& argv, const QString& stdinText = {});
    /// Runs a console line (shell syntax).
    int runConsoleLine(const QString& line);
    /// Everything the console has shown (echoed commands and output).
    QString transcript() const { return m_transcript; }

    /// The Deployment the actions apply to: the one selected, else the first.
    QString currentDeployment() const;
    void setCurrentDeployment(const QString& name);
    QString currentPod() const { return m_currentPod; }
    void setCurrentPod(const QString& name) { m_currentPod = name; }

    /// Dialog hook for tests: called with each action dialog before it is shown; return
    /// true to accept it as it is (no exec), false to cancel.
    void setDialogHandler(std::function<bool(QDialog*)> handler) { m_dialogHandler = std::move(handler); }

    CommandConsole* console() const { return m_console; }
    QTabWidget* charts() const { return m_charts; }
    /// Saves `widget` (nullptr: the window) as PNG at `scale` or SVG, by the file's suffix.
    bool exportWidget(QWidget* widget, const QString& path, qreal scale);
    /// The tables dock's tabs (Deployments, ReplicaSets, Pods, Events, History).
    QTabWidget* tables() const { return m_tables; }
    /// A table's item model by tab name ("ReplicaSets", ...).
    QAbstractItemModel* tableModel(const QString& name) const;
    ManifestEditor* editor() const { return m_editor; }
    RolloutView* rolloutView() const { return m_rolloutView; }
    const Lesson* lesson() const { return m_lesson.get(); }
    int nextLessonStepIndex() const { return m_nextStep; }

    /// Points every view at `sim` instead of the session's cluster (nullptr: back to it) and
    /// refreshes them; the time bar shows its moment. The window never changes `sim`
    /// (rolloutctl --screenshots renders its own cluster this way).
    void showSimulation(const Simulation* sim);
    /// Shows step `index` of `lesson` in the lesson banner, without playing it.
    void showLessonStep(const Lesson& lesson, int index);

    /// Frames of the clock (tests call it instead of waiting for the timer): advances by
    /// `wallMs` × speed when playing.
    void frame(qint64 wallMs);

protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    struct View
    {
        std::function<void(const Simulation*)> setSimulation;
        std::function<void()> refresh;
    };

    void createActions();
    void createMenus();
    void createToolBar();
    void createTimeBar();
    void createRolloutView();
    void createEditorDock();
    void createConsoleDock();
    void createTablesDock();
    void createChartsDock();
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* w, Qt::DockWidgetArea area);

    void onOutput(const QString& text, bool isError);
    void onChanged();
    void onViewReplaced();
    void updateTimes();
    void updateActions();
    void updateTitle();
    void updateRecentMenu();
    void updateLessonsMenu();
    void setModified(bool on);
    void tick();
    bool confirmBranch();
    bool maybeSave();
    void showError(const QString& title, const QString& text);
    QMessageBox::StandardButton ask(const QString& title, const QString& text, QMessageBox::StandardButtons buttons);
    bool runDialog(QDialog* d);
    std::shared_ptr<const Deployment> deployment() const;

    void openDialog();
    void saveWorkspaceAction();
    void saveWorkspaceAsAction();
    void setImageAction();
    void scaleAction();
    void strategyAction();
    void undoToRevisionAction();
    void deletePodAction();
    void applyEditor();
    void applyManifest(const QString& text, const QString& path);
    QString trafficService();
    void exportDialog(QWidget* widget, qreal scale);
    void updateLessonBanner();
    void nextLessonStep();
    void playWholeLesson();
    void applyTheme(AppSettings::Theme theme);
    void setPresentationMode(bool on);
    void writeSettings();
    void readSettings();

    Options m_options;
    std::unique_ptr<AppSettings> m_ownSettings;
    AppSettings* m_settings = nullptr;
    Session* m_session = nullptr;
    QUndoStack* m_undo = nullptr;
    std::vector<View> m_views;
    const Simulation* m_shown = nullptr;
    const Simulation* m_external = nullptr; // showSimulation()'s, not the session's

    // time
    QTimer* m_frameTimer = nullptr;
    QElapsedTimer m_wall;
    bool m_playing = false;
    double m_speed = 1.0;
    double m_carry = 0;
    TimeBar* m_timeBar = nullptr;

    // docks and views
    RolloutView* m_rolloutView = nullptr;
    QDockWidget* m_editorDock = nullptr;
    QDockWidget* m_consoleDock = nullptr;
    QDockWidget* m_tablesDock = nullptr;
    QDockWidget* m_chartsDock = nullptr;
    QTabWidget* m_tables = nullptr;
    ManifestEditor* m_editor = nullptr;
    QHash<QString, ObjectTableModel*> m_tableModels;
    QString m_commandErrors;
    CommandConsole* m_console = nullptr;
    bool m_consoleEchoed = false;
    RevisionDiffWidget* m_historyView = nullptr;
    QString m_historyDeployment;
    QTabWidget* m_charts = nullptr;
    AvailabilityChart* m_availability = nullptr;
    PodTimelineWidget* m_timeline = nullptr;
    TrafficChart* m_trafficChart = nullptr;
    TrafficLogWidget* m_trafficLog = nullptr;
    CompareWidget* m_compare = nullptr;
    QString m_chartsDeployment;
    QFrame* m_lessonBanner = nullptr;
    QToolBar* m_actionsBar = nullptr;
    bool m_editorWasVisible = true;
    QLabel* m_lessonTitle = nullptr;
    QLabel* m_lessonNoteText = nullptr;
    std::unique_ptr<Lesson> m_lesson;
    int m_nextStep = 0;
    QLabel* m_status = nullptr;

    QString m_transcript;
    QString m_currentDeployment;
    QString m_currentPod;

    // files
    QString m_workspacePath;
    bool m_modified = false;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_lessonsMenu = nullptr;
    QTimer* m_autosaveTimer = nullptr;
    std::unique_ptr<QLockFile> m_lock;
    bool m_crashAutosave = false;
    bool m_autosaveDirty = false;

    std::function<bool(QDialog*)> m_dialogHandler;
    QPalette m_systemPalette;
    QFont m_systemFont;
    QActionGroup* m_themeGroup = nullptr;
    QHash<QString, QAction*> m_actions;
};

} // namespace rl
