#include "kubectl/kubectl.h"

#include "api/json.h"
#include "controllers/kubelet.h"
#include "kubectl/applyplan.h"
#include "kubectl/clientedits.h"
#include "kubectl/commands.h"
#include "kubectl/customcolumns.h"
#include "kubectl/describe.h"
#include "kubectl/duration.h"
#include "kubectl/edit.h"
#include "kubectl/flags.h"
#include "kubectl/jsonpath.h"
#include "kubectl/limits.h"
#include "kubectl/listoptions.h"
#include "kubectl/patch.h"
#include "kubectl/printers.h"
#include "kubectl/resources.h"
#include "kubectl/rollout.h"
#include "kubectl/serviceaddresses.h"
#include "manifest/manifest.h"
#include "manifest/yamljson.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <map>

namespace rl {

namespace {

std::vector<FlagSpec> withGlobals(std::vector<FlagSpec> specs)
{
    specs.insert(specs.end(), globalFlags().begin(), globalFlags().end());
    return specs;
}

} // namespace

/// One execution of one command.
class KubectlCommand
{
public:
    KubectlCommand(Kubectl& k, QString stdinText)
        : m_k(k)
        , m_sim(k.m_sim)
        , m_stdin(std::move(stdinText))
    { }

    int run(QStringList argv)
    {
        if (!argv.isEmpty() && argv.first() == QLatin1String("kubectl"))
            argv.removeFirst();
        if (argv.isEmpty()) {
            m_k.print(usageText());
            return 0;
        }
        const QString verb = argv.takeFirst();
        m_path = QStringLiteral("kubectl ") + verb;
        if (verb == QLatin1String("get"))
            return get(argv);
        if (verb == QLatin1String("describe"))
            return describe(argv);
        if (verb == QLatin1String("create"))
            return create(argv);
        if (verb == QLatin1String("delete"))
            return del(argv);
        if (verb == QLatin1String("scale"))
            return scale(argv);
        if (verb == QLatin1String("set"))
            return set(argv);
        if (verb == QLatin1String("annotate") || verb == QLatin1String("label"))
            return annotate(argv, verb == QLatin1String("label"));
        if (verb == QLatin1String("rollout"))
            return rollout(argv);
        if (verb == QLatin1String("patch"))
            return patch(argv);
        if (verb == QLatin1String("expose"))
            return expose(argv);
        if (verb == QLatin1String("apply"))
            return apply(argv, false);
        if (verb == QLatin1String("edit"))
            return edit(argv);
        if (verb == QLatin1String("wait"))
            return wait(argv);
        if (verb == QLatin1String("version")) {
            // kubectl version.go: the server's version, then a skew warning beyond +/-1 minor version.
            const int minor = m_sim.profile().minorVersion();
            if (argv.contains(QLatin1String("--client")) || argv.contains(QLatin1String("--client=true"))) {
                m_k.print(QStringLiteral("Client Version: v1.32.0\nKustomize Version: v5.5.0\n"));
                return 0;
            }
            m_k.print(QStringLiteral("Client Version: v1.32.0\nKustomize Version: v5.5.0\nServer Version: v1.%1.0\n")
                          .arg(minor));
            if (std::abs(32 - minor) > 1)
                m_k.printErr(QStringLiteral("WARNING: version difference between client (1.32) and server (1.%1) "
                                            "exceeds the supported minor version skew of +/-1\n")
                                 .arg(minor));
            return 0;
        }
        if (verb == QLatin1String("--help") || verb == QLatin1String("-h") || verb == QLatin1String("help")) {
            m_k.print(usageText());
            return 0;
        }
        if (realKubectlCommands().contains(verb)) {
            m_k.printErr(QStringLiteral("error: Rollout Lab does not simulate \"kubectl %1\"\n").arg(verb));
            return 1;
        }
        // cobra's legacyArgs: the error, and the commands that SuggestionsFor finds.
        QString text = QStringLiteral("Error: unknown command \"%1\" for \"kubectl\"\n").arg(verb);
        const QStringList suggestions = commandSuggestions(verb);
        if (!suggestions.isEmpty()) {
            text += QStringLiteral("\nDid you mean this?\n");
            for (const QString& s : suggestions)
                text += QLatin1Char('\t') + s + QLatin1Char('\n');
            text += QLatin1Char('\n');
        }
        m_k.printErr(text);
        return 1;
    }

    /// kubectl 1.32's commands in the order they are added to the root command (kubectl turns
    /// cobra's sorting off), without the hidden ones (help, alpha without alpha commands).
    static const QStringList& realKubectlCommands()
    {
        static const QStringList commands {"create", "expose", "run", "set", "explain", "get", "edit", "delete",
            "rollout", "scale", "autoscale", "certificate", "cluster-info", "top", "cordon", "uncordon", "drain",
            "taint", "describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events",
            "diff", "apply", "patch", "replace", "wait", "kustomize", "label", "annotate", "completion", "config",
            "plugin", "version", "api-versions", "api-resources", "options"};
        return commands;
    }
    /// cobra's Command.SuggestionsFor: the commands at most 2 edits away (case-insensitive), those
    /// the typed text begins, and those that name it in SuggestFor (get and wait: list, ps;
    /// delete: rm), in command order.
    static QStringList commandSuggestions(const QString& typed)
    {
        const auto distance = [](const QString& a, const QString& b) {
            const QString s = a.toLower();
            const QString t = b.toLower();
            std::vector<int> row(std::size_t(t.size()) + 1);
            for (std::size_t j = 0; j < row.size(); ++j)
                row[j] = int(j);
            for (qsizetype i = 1; i <= s.size(); ++i) {
                int diagonal = row[0];
                row[0] = int(i);
                for (qsizetype j = 1; j <= t.size(); ++j) {
                    const int above = row[std::size_t(j)];
                    row[std::size_t(j)]
                        = std::min({above + 1, row[std::size_t(j - 1)] + 1, diagonal + (s[i - 1] == t[j - 1] ? 0 : 1)});
                    diagonal = above;
                }
            }
            return row.back();
        };
        static const std::map<QString, QStringList> suggestFor {{QStringLiteral("get"), {"list", "ps"}},
            {QStringLiteral("wait"), {"list", "ps"}}, {QStringLiteral("delete"), {"rm"}}};
        QStringList out;
        for (const QString& c : realKubectlCommands()) {
            if (distance(typed, c) <= 2 || c.startsWith(typed.toLower()))
                out << c;
            if (const auto it = suggestFor.find(c); it != suggestFor.end())
                for (const QString& word : it->second)
                    if (word.compare(typed, Qt::CaseInsensitive) == 0)
                        out << c;
        }
        return out;
    }

private:
    // ---- helpers -------------------------------------------------------------------------
    static QString usageText()
    {
        return QStringLiteral("kubectl controls the Kubernetes cluster manager (simulated by Rollout Lab).\n\n"
                              "Supported commands:\n"
                              "  apply -f FILE|-          Apply a configuration\n"
                              "  create -f FILE | create deployment NAME --image=IMAGE [--replicas=N]\n"
                              "  get TYPE [NAME] [-l SEL] [-L KEY] [--show-labels] [-o wide|yaml|json|name] [-w]\n"
                              "  describe TYPE NAME\n"
                              "  delete TYPE NAME | delete -f FILE\n"
                              "  set image TYPE/NAME CONTAINER=IMAGE\n"
                              "  scale TYPE/NAME --replicas=N\n"
                              "  patch TYPE NAME -p PATCH [--type strategic|merge|json]\n"
                              "  annotate | label TYPE NAME KEY=VALUE ...\n"
                              "  rollout status|history|pause|resume|undo|restart TYPE/NAME\n"
                              "  wait --for=condition=COND TYPE/NAME [--timeout=30s]\n");
    }

    /// The resource builder's error for a command given no resource (resource.Builder without
    /// arguments or files).
    int missingResources()
    {
        return fail(QStringLiteral("You must provide one or more resources by argument or filename.\nExample resource "
                                   "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   "
                                   "'<resource> <name>'\n   '<resource>'"));
    }
    int usageError(const QString& msg)
    {
        m_k.printErr(QStringLiteral("error: %1\nSee '%2 -h' for help and examples\n").arg(msg, m_path));
        return 1;
    }
    int flagError(const QString& msg)
    {
        m_k.printErr(QStringLiteral("Error: %1\nSee '%2 --help' for usage.\n").arg(msg, m_path));
        return 1;
    }
    int fail(const QString& msg)
    {
        const QString text = msg.startsWith(QLatin1String("error: ")) ? msg : QStringLiteral("error: ") + msg;
        m_k.printErr(text + QLatin1Char('\n'));
        return 1;
    }
    int notFound(const ResourceType& t, const QString& name)
    {
        m_k.printErr(
            QStringLiteral("Error from server (NotFound): %1 \"%2\" not found\n").arg(t.qualifiedPlural(), name));
        return 1;
    }

    bool parseFlags(const QStringList& argv, const std::vector<FlagSpec>& specs, ParsedFlags& f, int& rc)
    {
        QString error;
        QStringList args = argv;
        for (QString& a : args) { // pflag NoOptDefVal of --dry-run and --validate
            if (a == QLatin1String("--"))
                break;
            if (a == QLatin1String("--dry-run"))
                a = QStringLiteral("--dry-run=unchanged");
            if (a == QLatin1String("--validate"))
                a = QStringLiteral("--validate=strict");
        }
        if (!FlagParser(withGlobals(specs)).parse(args, f, error)) {
            rc = flagError(error);
            return false;
        }
        if (f.has(QStringLiteral("validate"))) { // cmdutil.GetValidationDirective: a bool or a directive
            static const QStringList accepted {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false",
                "False", "strict", "warn", "ignore"};
            const QString v = f.value(QStringLiteral("validate"));
            if (!accepted.contains(v) && !accepted.contains(v.toLower())) {
                rc = fail(QStringLiteral("invalid - validate option \"%1\"; must be one of: strict (or true), warn, "
                                         "ignore (or false)")
                              .arg(v));
                return false;
            }
        }
        m_ns = f.value(QStringLiteral("namespace"), QStringLiteral("default"));
        if (f.boolValue(QStringLiteral("help"))) {
            m_k.print(QStringLiteral("Usage: %1 [options]\n\nOptions:\n").arg(m_path));
            for (const FlagSpec& s : specs)
                m_k.print(
                    QStringLiteral("    %1--%2\n")
                        .arg(s.shorthand.isNull() ? QString() : QStringLiteral("-%1, ").arg(s.shorthand), s.name));
            rc = 0;
            return false;
        }
        m_output = f.value(QStringLiteral("output"));
        if (f.has(QStringLiteral("dry-run")) && !parseDryRun(f.value(QStringLiteral("dry-run")), rc))
            return false;
        return true;
    }

    // ---- --dry-run and the printer of mutating commands ----------------------------------
    enum class DryRun { None, Client, Server };

    /// A klog line as kubectl writes it: severity, date, time, pid, file:line (simulated time, UTC;
    /// kubectl's pid is not simulated).
    void klog(QChar severity, const QString& fileLine, const QString& msg)
    {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(now(), Qt::UTC);
        m_k.printErr(
            QStringLiteral("%1%2 %3%4 %5 %6] %7\n")
                .arg(QString(severity), t.toString(QStringLiteral("MMdd")), t.toString(QStringLiteral("HH:mm:ss.zzz")),
                    QStringLiteral("000"), QString::number(kKubectlPid).rightJustified(7), fileLine, msg));
    }
    void klogWarning(int line, const QString& msg) { klog(u'W', QStringLiteral("helpers.go:%1").arg(line), msg); }
    static constexpr int kKubectlPid = 4242;
    /// klog's error line of kubectl's main (component-base cli run.go) for an error cobra returns
    /// before the command runs, such as a required flag that is missing.
    int klogCommandFailed(const QString& err)
    {
        klog(u'E', QStringLiteral("run.go:72"), QStringLiteral("\"command failed\" err=") + goQuote(err));
        return 1;
    }

    /// cmdutil.GetDryRunStrategy (kubectl 1.32 pkg/cmd/util/helpers.go).
    bool parseDryRun(const QString& value, int& rc)
    {
        static const QStringList trues {"1", "t", "T", "TRUE", "true", "True"};
        static const QStringList falses {"0", "f", "F", "FALSE", "false", "False"};
        if (trues.contains(value) || falses.contains(value)) {
            const bool b = trues.contains(value);
            klogWarning(716,
                QStringLiteral("--dry-run=%1 is deprecated (boolean value) and can be replaced with --dry-run=%2.")
                    .arg(value, b ? QStringLiteral("client") : QStringLiteral("none")));
            m_dryRun = b ? DryRun::Client : DryRun::None;
        } else if (value == QLatin1String("unchanged")) {
            klogWarning(702, QStringLiteral("--dry-run is deprecated and can be replaced with --dry-run=client."));
            m_dryRun = DryRun::Client;
        } else if (value == QLatin1String("client")) {
            m_dryRun = DryRun::Client;
        } else if (value == QLatin1String("server")) {
            m_dryRun = DryRun::Server;
        } else if (value == QLatin1String("none")) {
            m_dryRun = DryRun::None;
        } else {
            rc = fail(
                QStringLiteral("Invalid dry-run value (%1). Must be \"none\", \"server\", or \"client\".").arg(value));
            return false;
        }
        return true;
    }
    QString dryRunSuffix() const
    {
        return m_dryRun == DryRun::Client ? QStringLiteral(" (dry run)")
            : m_dryRun == DryRun::Server  ? QStringLiteral(" (server dry run)")
                                          : QString();
    }
    /// The printer of a mutating command (PrintFlags with the dry-run suffix): `-o name` prints
    /// `<kind>.<group>/<name>`, `-o yaml|json` the object written (or, in a dry run, the object that
    /// would be written: the client's object with `client`, the server's answer with `server`),
    /// otherwise `<kind>.<group>/<name> <operation>[ (dry run)| (server dry run)]`.
    void printWritten(const ResourceType& t, const QString& name, const QString& operation)
    {
        if (m_output == QLatin1String("name")) {
            m_k.print(t.objectName(name) + QLatin1Char('\n'));
        } else if (m_output == QLatin1String("yaml") || m_output == QLatin1String("json")) {
            if (m_collect)
                m_collected.append(m_written);
            else
                m_k.print(yamlSeparator() + render(m_written, m_output));
        } else if (m_output.startsWith(QLatin1String("jsonpath="))
            || m_output.startsWith(QLatin1String("jsonpath-as-json="))) {
            // The JSONPath printer over the object written (kubectl's own object in a client dry run).
            QString text;
            QString error;
            const bool ok = JsonPath::print(m_output.section(u'=', 0, 0), m_output.section(u'=', 1), m_written,
                m_dryRun == DryRun::Client ? JsonPath::NumberStyle::Typed : JsonPath::NumberStyle::Unstructured, true,
                text, error);
            m_k.print(text);
            if (!ok)
                m_k.printErr(
                    QStringLiteral("error: ") + error + (error.endsWith(u'\n') ? QString() : QStringLiteral("\n")));
        } else {
            m_k.print(t.objectName(name) + QLatin1Char(' ') + operation + dryRunSuffix() + QLatin1Char('\n'));
        }
    }
    /// What a YAML printer writes before an object: "---" when the command prints through one
    /// printer (set image, annotate and scale make theirs once: printers.YAMLPrinter separates the
    /// objects it prints) and this is not its first object; nothing for the commands that make a
    /// printer for each object (label, patch, rollout pause/resume/restart/undo).
    QString yamlSeparator()
    {
        if (m_output != QLatin1String("yaml") || !m_sharedPrinter)
            return {};
        return m_yamlPrinted++ > 0 ? QStringLiteral("---\n") : QString();
    }
    /// Prints what printWritten collected: one object, or a List of several (as apply/create -f).
    void printCollected()
    {
        m_collect = false;
        if (m_collected.size() == 1)
            m_k.print(render(m_collected.first().toObject(), m_output));
        else if (m_collected.size() > 1)
            m_k.print(
                render(QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("items"), m_collected}, {QStringLiteral("kind"), QStringLiteral("List")},
                           {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("resourceVersion"), QString()}}}},
                    m_output));
        m_collected = {};
    }
    /// Stores an admitted object, or with --dry-run=server only returns it.
    template<class Obj> std::shared_ptr<const Obj> commitWrite(const Obj& obj, bool create)
    {
        std::shared_ptr<const Obj> p = m_dryRun == DryRun::Server ? std::make_shared<const Obj>(obj)
            : create                                              ? store().create(obj)
                                                                  : store().update(obj);
        if (p)
            m_written = toJson(*p);
        return p;
    }

    Millis now() const { return m_sim.now(); }
    ObjectStore& store() { return m_sim.store(); }

    struct Target
    {
        ResourceType type;
        QString name;
    };
    /// TYPE NAME... or TYPE/NAME... ; returns false and prints the error.
    bool resolveTargets(const QStringList& args, std::vector<Target>& out, int& rc, bool allowNoName = false)
    {
        if (args.isEmpty()) {
            rc = fail(QStringLiteral("required resource not specified"));
            return false;
        }
        if (args.first().contains(QLatin1Char('/'))) {
            for (const QString& a : args) {
                const int slash = a.indexOf(QLatin1Char('/'));
                if (slash < 0) {
                    rc = fail(QStringLiteral(
                        "there is no need to specify a resource type as a separate argument when passing "
                        "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                        "instead of 'kubectl get resource resource/<resource_name>'"));
                    return false;
                }
                auto t = resolveResourceType(a.left(slash));
                if (!t) {
                    rc = noResourceType(a.left(slash));
                    return false;
                }
                out.push_back({*t, a.mid(slash + 1)});
            }
            return true;
        }
        auto t = resolveResourceType(args.first());
        if (!t) {
            rc = noResourceType(args.first());
            return false;
        }
        if (args.size() == 1) {
            if (!allowNoName) {
                rc = fail(QStringLiteral("resource(s) were provided, but no name was specified"));
                return false;
            }
            out.push_back({*t, QString()});
            return true;
        }
        for (int i = 1; i < args.size(); ++i)
            out.push_back({*t, args[i]});
        return true;
    }
    int noResourceType(const QString& typed)
    {
        return fail(QStringLiteral("the server doesn't have a resource type \"%1\"").arg(typed));
    }

    template<class Obj> std::shared_ptr<const Obj> getObj(const QString& name) { return store().get<Obj>(m_ns, name); }

    static bool matchSelector(const Labels& labels, const QString& selector)
    {
        if (selector.isEmpty())
            return true;
        for (const QString& termRaw : selector.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString term = termRaw.trimmed();
            if (term.contains(QLatin1String("!="))) {
                const QStringList kv = term.split(QStringLiteral("!="));
                if (labels.value(kv[0].trimmed()) == kv.value(1).trimmed() && labels.contains(kv[0].trimmed()))
                    return false;
            } else if (term.contains(QLatin1Char('='))) {
                QStringList kv = term.split(QLatin1Char('='));
                const QString key = kv[0].trimmed();
                const QString value = kv.last().trimmed();
                if (!labels.contains(key) || labels.value(key) != value)
                    return false;
            } else if (term.startsWith(QLatin1Char('!'))) {
                if (labels.contains(term.mid(1)))
                    return false;
            } else if (!labels.contains(term)) {
                return false;
            }
        }
        return true;
    }

    template<class Obj> std::vector<std::shared_ptr<const Obj>> list(const QString& selector)
    {
        std::vector<std::shared_ptr<const Obj>> out;
        for (const auto& [key, o] : store().all<Obj>())
            if (o->metadata.namespace_ == m_ns && matchSelector(o->metadata.labels, selector))
                out.push_back(o);
        return out;
    }

    QString changeCause(const ParsedFlags& f, const QStringList& args)
    {
        QString s = QStringLiteral("kubectl ") + m_path.mid(8);
        for (const QString& a : args)
            s += QLatin1Char(' ') + a;
        for (const QString& g : f.given)
            if (!g.startsWith(QLatin1String("--record")))
                s += QLatin1Char(' ') + g;
        return s + QStringLiteral(" --record=true");
    }
    bool record(const ParsedFlags& f)
    {
        if (!f.has(QStringLiteral("record")))
            return false;
        m_k.printErr(QStringLiteral("Flag --record has been deprecated, --record will be removed in the future\n"));
        return f.boolValue(QStringLiteral("record"));
    }

    // ---- API-server admission of writes --------------------------------------------------
    ClusterVersion clusterVersion() const { return ClusterVersion {1, m_sim.profile().minorVersion()}; }

    /// Prints a rejected write: kubectl's message verbatim, then one "  at FILE:LINE:COL (PATH)" line
    /// per cause whose position in the manifest is known.
    void printAdmitErrors(const std::vector<ManifestError>& errors, const QString& invalidMessage, const QString& verb)
    {
        if (!errors.empty())
            m_k.printErr(admitErrorText(errors, invalidMessage, verb));
    }

    /// The write path of every command: `json` is the complete object the client sends (create when
    /// `old` is null, update otherwise). The API server decodes it strictly, applies the defaults of
    /// its apiVersion, validates it (against `old` on update) and stores it; server-owned fields
    /// (uid, creationTimestamp, status) are kept, `metadata.generation` follows spec 1.4. `src` gives
    /// the manifest the object came from (file, line and column of errors). On rejection prints the
    /// server's message and returns null.
    template<class Obj>
    std::shared_ptr<const Obj> admitWrite(QJsonObject json, const Obj* old, const ManifestDocument* src = nullptr,
        const QString& verb = QStringLiteral("creating"))
    {
        if (m_dryRun == DryRun::Client) { // kubectl sends nothing: the object as the client built it
            m_written = json;
            return std::make_shared<const Obj>(old ? *old : Obj());
        }
        const ManifestDocument doc = writeDocument(json, old, src ? *src : ManifestDocument(), m_ns);
        std::optional<ApiObject> oldObj;
        if (old)
            oldObj = ApiObject(*old);
        const AdmitResult r = admit(doc, clusterVersion(), oldObj ? &*oldObj : nullptr);
        if (!r.ok()) {
            printAdmitErrors(r.errors, r.message, verb);
            return {};
        }
        for (const QString& w : r.warnings)
            m_k.printErr(QStringLiteral("Warning: %1\n").arg(w));
        if (const auto limit = checkLimits(store(), *r.object, m_k.m_limits)) {
            QString text = limitErrorText(*r.object, *limit) + QLatin1Char('\n');
            if (src && !src->file.isEmpty()) {
                ManifestError where {{}, {}, limit->field, src->file, src->positionOf(limit->field)};
                if (!where.locationText().isEmpty())
                    text += QStringLiteral("  at %1 (%2)\n").arg(where.locationText(), limit->field);
            }
            m_k.printErr(text);
            return {};
        }
        Obj obj = std::get<Obj>(*r.object);
        if constexpr (std::is_same_v<Obj, Service>) {
            if (const auto e = allocateServiceAddresses(
                    obj, old, store(), clusterVersion().minor, allocationRandom(m_sim.rng(), obj))) {
                ManifestError where {e->toString(), QStringLiteral("Invalid"), e->field, src ? src->file : QString(),
                    src ? src->positionOf(e->field) : SourcePos {}};
                printAdmitErrors({where}, formatInvalid(QStringLiteral("Service"), obj.metadata.name, {*e}), verb);
                return {};
            }
        }
        if (!old) {
            if constexpr (requires { obj.status; })
                obj.status = {};
            return commitWrite(obj, true);
        }
        obj.metadata.uid = old->metadata.uid;
        obj.metadata.creationTimestamp = old->metadata.creationTimestamp;
        obj.metadata.namespace_ = old->metadata.namespace_;
        obj.metadata.name = old->metadata.name;
        if constexpr (requires { obj.status; })
            obj.status = old->status;
        obj.metadata.generation = old->metadata.generation;
        if constexpr (std::is_same_v<Obj, Deployment>) {
            if (!(obj.spec == old->spec) || obj.metadata.annotations != old->metadata.annotations)
                obj.metadata.generation = old->metadata.generation + 1;
        } else if constexpr (std::is_same_v<Obj, ReplicaSet>) {
            if (!(obj.spec == old->spec))
                obj.metadata.generation = old->metadata.generation + 1;
        }
        return commitWrite(obj, false);
    }

    /// Update through admission from a typed edit of `old`.
    template<class Obj> bool writeUpdate(const Obj& old, const Obj& edited)
    {
        return admitWrite<Obj>(toJson(edited), &old) != nullptr;
    }
    DeploymentPtr updateDeployment(const Deployment& old, const Deployment& d)
    {
        return admitWrite<Deployment>(toJson(d), &old);
    }

    // ---- get -----------------------------------------------------------------------------
    int get(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("get")), f, rc))
            return rc;
        if (f.args.isEmpty()) { // the hint, then cmdutil.UsageErrorf with its explain line
            m_k.printErr(
                QStringLiteral("You must specify the type of resource to get. Use \"kubectl api-resources\" for "
                               "a complete list of supported resources.\n\n"));
            return usageError(
                QStringLiteral("Required resource not specified.\nUse \"kubectl explain <resource>\" for a "
                               "detailed description of that resource (e.g. kubectl explain pods)."));
        }
        std::vector<Kind> kinds;
        QStringList names;
        bool showKind = f.boolValue(QStringLiteral("show-kind"));
        if (f.args.first().contains(QLatin1Char('/'))) {
            std::vector<Target> targets;
            if (!resolveTargets(f.args, targets, rc))
                return rc;
            return getNamed(targets, f);
        }
        for (const QString& t : f.args.first().split(QLatin1Char(','))) {
            if (t == QLatin1String("all")) {
                kinds.insert(kinds.end(), {Kind::Pod, Kind::Service, Kind::Deployment, Kind::ReplicaSet});
                showKind = true;
                continue;
            }
            auto rt = resolveResourceType(t);
            if (!rt)
                return noResourceType(t);
            kinds.push_back(rt->kind);
        }
        if (kinds.size() > 1)
            showKind = true;
        names = f.args.mid(1);
        if (!names.isEmpty()) {
            std::vector<Target> targets;
            for (Kind k : kinds)
                for (const QString& n : names)
                    targets.push_back({resourceTypeFor(k), n});
            return getNamed(targets, f);
        }
        return getList(kinds, f, showKind);
    }

    struct Row
    {
        Kind kind;
        ObjectPtr obj;
    };

    QStringList rowFor(const ObjectPtr& obj, const TableOptions& o, Millis at)
    {
        return std::visit([&](const auto& p) { return tableRow(*p, at, o); }, obj);
    }
    QJsonObject jsonFor(const ObjectPtr& obj)
    {
        const int minor = m_sim.profile().minorVersion();
        QJsonObject o = std::visit(
            [&](const auto& p) {
                if constexpr (std::remove_cvref_t<decltype(*p)>::kind == Kind::Event)
                    return toJson(*p, minor);
                else
                    return toJson(*p);
            },
            obj);
        // metadata.selfLink, which the API server filled until v1.20 (RemoveSelfLink, KEP 1164):
        // "/api/v1/..." for the core group, "/apis/<group>/<version>/..." for the others.
        if (minor < kFirstMinorWithoutSelfLink) {
            const QString apiVersion = o.value(QStringLiteral("apiVersion")).toString();
            QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
            const QString plural = std::visit(
                [](const auto& p) { return resourceTypeFor(std::remove_cvref_t<decltype(*p)>::kind).plural; }, obj);
            meta.insert(QStringLiteral("selfLink"),
                (apiVersion.contains(u'/') ? QStringLiteral("/apis/") : QStringLiteral("/api/")) + apiVersion
                    + QStringLiteral("/namespaces/") + meta.value(QStringLiteral("namespace")).toString()
                    + QLatin1Char('/') + plural + QLatin1Char('/') + meta.value(QStringLiteral("name")).toString());
            o.insert(QStringLiteral("metadata"), meta);
        }
        return o;
    }
    static constexpr int kFirstMinorWithoutSelfLink = 20;
    static QString nameOf(const ObjectPtr& obj)
    {
        return std::visit([](const auto& p) { return p->metadata.name; }, obj);
    }
    static const Labels& labelsOf(const ObjectPtr& obj)
    {
        return std::visit([](const auto& p) -> const Labels& { return p->metadata.labels; }, obj);
    }
    static QString nsOf(const ObjectPtr& obj)
    {
        return std::visit([](const auto& p) { return p->metadata.namespace_; }, obj);
    }

    TableOptions tableOptions(const ParsedFlags& f, bool showKind)
    {
        TableOptions o;
        o.wide = f.value(QStringLiteral("output")) == QLatin1String("wide");
        o.showKind = showKind;
        o.noHeaders = f.boolValue(QStringLiteral("no-headers"));
        o.showLabels = f.boolValue(QStringLiteral("show-labels"));
        o.labelColumns = f.values(QStringLiteral("label-columns"));
        return o;
    }

    /// Prints objects in the requested output format. Returns false on a bad -o.
    int printObjects(std::vector<Row> rows, const ParsedFlags& f, bool showKind)
    {
        const QString output = f.value(QStringLiteral("output"));
        if (const QString sortBy = f.value(QStringLiteral("sort-by")); !sortBy.isEmpty()) {
            // SortingPrinter: the table printer sorts rows (two or more), the others the list.
            std::vector<QJsonValue> objects;
            for (const Row& r : rows)
                objects.push_back(jsonFor(r.obj));
            std::vector<int> order;
            QString error;
            const bool table = output.isEmpty() || output == QLatin1String("wide");
            if (!sortOrder(objects, sortBy, table, order, &error))
                return fail(error);
            std::vector<Row> sorted;
            for (int i : order)
                sorted.push_back(rows[std::size_t(i)]);
            rows = std::move(sorted);
        }
        if (output == QLatin1String("name")) {
            for (const Row& r : rows)
                m_k.print(resourceTypeFor(r.kind).objectName(nameOf(r.obj)) + QLatin1Char('\n'));
            return 0;
        }
        if (output == QLatin1String("json") || output == QLatin1String("yaml")) {
            if (rows.size() == 1 && !m_listRequested) {
                m_k.print(render(jsonFor(rows[0].obj), output));
                return 0;
            }
            QJsonArray items;
            for (const Row& r : rows)
                items.append(jsonFor(r.obj));
            QJsonObject list {{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("items"), items},
                {QStringLiteral("kind"), QStringLiteral("List")},
                {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("resourceVersion"), QString()}}}};
            m_k.print(render(list, output));
            return 0;
        }
        if (output.startsWith(QLatin1String("jsonpath")) || output.startsWith(QLatin1String("custom-columns")))
            return printTemplate(rows, f, output);
        if (!output.isEmpty() && output != QLatin1String("wide"))
            return fail(
                QStringLiteral("unable to match a printer suitable for the output format \"%1\", allowed formats are: "
                               "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
                               "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")
                    .arg(output));
        const TableOptions o = tableOptions(f, showKind);
        std::vector<QStringList> table;
        std::optional<Kind> current;
        QString text;
        for (const Row& r : rows) {
            if (current != r.kind) {
                if (current) {
                    text += formatTable(table) + QLatin1Char('\n');
                    table.clear();
                }
                current = r.kind;
                if (!o.noHeaders)
                    table.push_back(tableHeader(r.kind, o));
            }
            table.push_back(rowFor(r.obj, o, now()));
        }
        if (!table.empty())
            text += formatTable(table);
        m_k.print(text);
        return 0;
    }

    /// -o jsonpath|jsonpath-file|jsonpath-as-json|custom-columns|custom-columns-file (jsonpath.h, customcolumns.h)
    int printTemplate(const std::vector<Row>& rows, const ParsedFlags& f, const QString& output)
    {
        const QString format = output.section(QLatin1Char('='), 0, 0);
        QString value = output.section(QLatin1Char('='), 1);
        static const QStringList formats {
            "jsonpath", "jsonpath-file", "jsonpath-as-json", "custom-columns", "custom-columns-file"};
        if (!formats.contains(format) || !output.contains(QLatin1Char('=')))
            return fail(
                QStringLiteral("unable to match a printer suitable for the output format \"%1\", allowed formats are: "
                               "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
                               "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")
                    .arg(output));
        if (format.endsWith(QLatin1String("-file"))) {
            QString error;
            const QString text = readInput(value, error);
            if (!error.isEmpty())
                return fail(QStringLiteral("error reading %1 %2, open %2: no such file or directory")
                                .arg(format == QLatin1String("jsonpath-file") ? QStringLiteral("--template")
                                                                              : QStringLiteral("template"),
                                    value));
            value = text;
        }
        QJsonValue data;
        if (rows.size() == 1 && !m_listRequested) {
            data = jsonFor(rows[0].obj);
        } else {
            QJsonArray items;
            for (const Row& r : rows)
                items.append(jsonFor(r.obj));
            data = QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("items"), items},
                {QStringLiteral("kind"), QStringLiteral("List")},
                {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("resourceVersion"), QString()}}}};
        }
        QString text;
        QString error;
        bool ok = false;
        if (format.startsWith(QLatin1String("jsonpath"))) {
            ok = JsonPath::print(format == QLatin1String("jsonpath-file") ? QStringLiteral("jsonpath") : format, value,
                data, JsonPath::NumberStyle::Unstructured,
                f.boolValue(QStringLiteral("allow-missing-template-keys"), true), text, error);
        } else {
            CustomColumnsPrinter p;
            ok = format == QLatin1String("custom-columns") ? p.parseSpec(value, &error)
                                                           : p.parseTemplate(value, &error);
            if (ok) {
                if (format == QLatin1String("custom-columns"))
                    p.setNoHeaders(f.boolValue(QStringLiteral("no-headers")));
                ok = p.print({data}, text, &error);
            }
        }
        m_k.print(text);
        if (ok)
            return 0;
        if (error.endsWith(QLatin1Char('\n'))) {
            m_k.printErr(QStringLiteral("error: ") + error);
            return 1;
        }
        return fail(error);
    }

    static QString render(const QJsonObject& o, const QString& output)
    {
        return QString::fromUtf8(output == QLatin1String("yaml") ? toKubectlYaml(o) : toKubectlJson(o));
    }

    ObjectPtr find(Kind k, const QString& name)
    {
        return visitKind(k, [&](auto type) -> ObjectPtr {
            if (auto p = getObj<typename decltype(type)::type>(name))
                return p;
            return ObjectPtr {};
        });
    }
    static bool isNull(const ObjectPtr& p)
    {
        return std::visit([](const auto& x) { return x == nullptr; }, p);
    }

    /// The API server's warning on a request to a deprecated API (v1 Endpoints since v1.33); kubectl
    /// prints each distinct warning once.
    void deprecationWarning(const std::vector<Kind>& kinds)
    {
        if (clusterVersion().minor >= kFirstMinorWithEndpointsDeprecated
            && std::find(kinds.begin(), kinds.end(), Kind::Endpoints) != kinds.end())
            m_k.printErr(QStringLiteral(
                "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"));
    }
    static constexpr int kFirstMinorWithEndpointsDeprecated = 33;
    static std::vector<Kind> kindsOf(const std::vector<Target>& targets)
    {
        std::vector<Kind> out;
        for (const Target& t : targets)
            out.push_back(t.type.kind);
        return out;
    }

    int getNamed(const std::vector<Target>& targets, const ParsedFlags& f)
    {
        deprecationWarning(kindsOf(targets));
        std::vector<Row> rows;
        int rc = 0;
        QString errors;
        for (const Target& t : targets) {
            ObjectPtr p = find(t.type.kind, t.name);
            if (isNull(p)) {
                errors += QStringLiteral("Error from server (NotFound): %1 \"%2\" not found\n")
                              .arg(t.type.qualifiedPlural(), t.name);
                rc = 1;
                continue;
            }
            rows.push_back({t.type.kind, p});
        }
        bool showKind = false;
        for (const Target& t : targets)
            showKind = showKind || t.type.kind != targets.front().type.kind;
        if (!rows.empty()) {
            const int prc = printObjects(rows, f, showKind);
            if (prc)
                return prc;
            if (f.boolValue(QStringLiteral("watch")))
                watch(rows, f, showKind);
        }
        m_k.printErr(errors);
        return rc;
    }

    std::vector<Row> listRows(const std::vector<Kind>& kinds, const QString& selector)
    {
        std::vector<Row> rows;
        for (Kind k : kinds) {
            visitKind(k, [&](auto type) {
                for (auto& p : list<typename decltype(type)::type>(selector))
                    rows.push_back({k, p});
            });
        }
        return rows;
    }

    int getList(const std::vector<Kind>& kinds, const ParsedFlags& f, bool showKind)
    {
        deprecationWarning(kinds);
        m_listRequested = true;
        const QString selector = f.value(QStringLiteral("selector"));
        std::vector<Row> rows = listRows(kinds, selector);
        // --field-selector: the API server selects on the fields each resource has.
        const QString fieldText = f.value(QStringLiteral("field-selector"));
        QString fieldError;
        const std::optional<FieldSelector> fields = FieldSelector::parse(fieldText, &fieldError);
        for (Kind k : kinds) {
            if (fields)
                if (const auto label = fields->unsupportedField(k))
                    fieldError = QStringLiteral("field label not supported: ") + *label;
            if (!fieldError.isEmpty()) {
                m_k.printErr(QStringLiteral("Error from server (BadRequest): Unable to find \"%1\" that match label "
                                            "selector \"%2\", field selector \"%3\": %4\n")
                                 .arg(groupVersionResource(k), selector, fieldText, fieldError));
                return 1;
            }
        }
        if (fields && !fields->isEmpty())
            std::erase_if(rows, [&](const Row& r) { return !fields->matches(r.obj); });
        const bool watching = f.boolValue(QStringLiteral("watch")) || f.boolValue(QStringLiteral("watch-only"));
        if (rows.empty() && !watching) {
            m_k.printErr(QStringLiteral("No resources found in %1 namespace.\n").arg(m_ns));
            return 0;
        }
        if (!f.boolValue(QStringLiteral("watch-only"))) {
            if (watching && f.boolValue(QStringLiteral("output-watch-events")))
                printWatchRows(rows, QStringLiteral("ADDED"), f, showKind, true);
            else if (!rows.empty()) {
                const int rc = printObjects(rows, f, showKind);
                if (rc)
                    return rc;
            }
        }
        if (watching)
            watch(rows, f, showKind, kinds, selector, fields ? *fields : FieldSelector());
        return 0;
    }

    void printWatchRows(
        const std::vector<Row>& rows, const QString& event, const ParsedFlags& f, bool showKind, bool header)
    {
        TableOptions o = tableOptions(f, showKind);
        const bool events = f.boolValue(QStringLiteral("output-watch-events"));
        std::vector<QStringList> table;
        if (header && !o.noHeaders && !rows.empty()) {
            QStringList h = tableHeader(rows.front().kind, o);
            if (events)
                h.prepend(QStringLiteral("EVENT"));
            table.push_back(h);
        }
        for (const Row& r : rows) {
            QStringList cells = rowFor(r.obj, o, now());
            if (events)
                cells.prepend(event);
            table.push_back(cells);
        }
        m_k.print(formatTable(table));
    }

    /// get -w: one row per change of a listed object, printed at the simulated moment it happens.
    void watch(const std::vector<Row>& initial, const ParsedFlags& f, bool showKind, std::vector<Kind> kinds = {},
        const QString& selector = {}, const FieldSelector& fields = {})
    {
        QStringList names;
        if (kinds.empty())
            for (const Row& r : initial) {
                kinds.push_back(r.kind);
                names << nameOf(r.obj);
            }
        std::vector<std::pair<WatchEvent, bool>> pending;
        const int id = store().addListener([&](const WatchEvent& e) {
            if (std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end())
                return;
            if (nsOf(e.object) != m_ns)
                return;
            if (!names.isEmpty() && !names.contains(nameOf(e.object)))
                return;
            if (!matchSelector(labelsOf(e.object), selector) || !fields.matches(e.object))
                return;
            pending.push_back({e, true});
        });
        Millis limit = kNoTime;
        const QString rt = f.value(QStringLiteral("request-timeout"));
        if (!rt.isEmpty() && rt != QLatin1String("0")) {
            if (auto d = parseGoDuration(rt))
                limit = now() + *d;
        }
        bool headerPrinted = !initial.empty() || f.boolValue(QStringLiteral("output-watch-events"));
        if (f.boolValue(QStringLiteral("watch-only")))
            headerPrinted = false;
        Millis lastChange = now();
        while (true) {
            const Millis until = limit != kNoTime ? limit : lastChange + m_k.m_watchQuiet;
            if (now() >= until)
                break;
            const bool got = m_sim.queue().advanceUntil([&] { return !pending.empty(); }, until);
            if (!got)
                break;
            for (const auto& [e, _] : pending) {
                const QString type = watchTypeName(e.type);
                printWatchRows({Row {e.kind, e.object}}, type, f, showKind, !headerPrinted);
                headerPrinted = true;
            }
            pending.clear();
            lastChange = now();
            if (m_sim.queue().isEmpty() && limit == kNoTime)
                break;
        }
        store().removeListener(id);
    }

    // ---- describe ------------------------------------------------------------------------
    int describe(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("describe")), f, rc))
            return rc;
        if (f.args.isEmpty())
            return fail(
                QStringLiteral("You must specify the type of resource to describe. Use \"kubectl api-resources\" "
                               "for a complete list of supported resources."));
        std::vector<Target> targets;
        if (!resolveTargets(f.args, targets, rc, true))
            return rc;
        deprecationWarning(kindsOf(targets));
        QStringList texts;
        for (const Target& t : targets) {
            std::vector<ObjectPtr> objs;
            if (t.name.isEmpty()) {
                for (const Row& r : listRows({t.type.kind}, f.value(QStringLiteral("selector"))))
                    objs.push_back(r.obj);
                if (objs.empty()) {
                    m_k.printErr(QStringLiteral("No resources found in %1 namespace.\n").arg(m_ns));
                    continue;
                }
            } else {
                ObjectPtr p = find(t.type.kind, t.name);
                if (isNull(p)) {
                    rc = notFound(t.type, t.name);
                    continue;
                }
                objs.push_back(p);
            }
            for (const ObjectPtr& p : objs) {
                QString text;
                if (auto* d = std::get_if<DeploymentPtr>(&p))
                    text = describeDeployment(**d, store(), now());
                else if (auto* rs = std::get_if<ReplicaSetPtr>(&p))
                    text = describeReplicaSet(**rs, store(), now());
                else if (auto* pod = std::get_if<PodPtr>(&p))
                    text = describePod(**pod, store(), now());
                else if (auto* svc = std::get_if<ServicePtr>(&p))
                    text = describeService(**svc, store(), now(), clusterVersion().minor);
                else if (auto* ep = std::get_if<EndpointsPtr>(&p))
                    text = describeEndpoints(**ep, store(), now());
                texts << text;
            }
        }
        m_k.print(texts.join(QStringLiteral("\n\n")));
        return rc;
    }

    // ---- create / apply ------------------------------------------------------------------
    /// cmdutil.GetResourcesAndPairs: the resources, then the changes ("k=v", "k-"); false (with
    /// the error printed) for a resource after a change.
    bool resourcesAndPairs(
        const QStringList& args, const QString& pairType, QStringList& resources, QStringList& pairs, int& rc)
    {
        for (const QString& a : args) {
            const bool pair = (a.contains(QLatin1Char('=')) && !a.startsWith(QLatin1Char('=')))
                || (a.endsWith(QLatin1Char('-')) && a != QLatin1String("-"));
            if (pair) {
                pairs << a;
            } else if (!pairs.isEmpty()) {
                rc = fail(QStringLiteral("all resources must be specified before %1 changes: %2").arg(pairType, a));
                return false;
            } else {
                resources << a;
            }
        }
        return true;
    }

    /// Go's %+v of []metav1.LabelSelectorRequirement: "[{Key:tier Operator:In Values:[a b]}]".
    static QString goPlusV(const std::vector<LabelSelectorRequirement>& requirements)
    {
        QStringList items;
        for (const LabelSelectorRequirement& r : requirements)
            items << QStringLiteral("{Key:%1 Operator:%2 Values:[%3]}").arg(r.key, r.op, r.values.join(u' '));
        return QLatin1Char('[') + items.join(u' ') + QLatin1Char(']');
    }
    /// `-o json` of an object kubectl holds as its Go type: fields in declared order.
    static QString typedJson(const QJsonObject& obj)
    {
        const QString kind = obj.value(QStringLiteral("kind")).toString();
        return QString::fromUtf8(
            toKubectlJson(obj, [&](const QString& path) { return ClientEdits::typedFieldOrder(kind, path); }));
    }
    /// A client-side edit's result as runLocal() takes it.
    static std::optional<QJsonObject> editedObject(const ClientEditResult& r, QString& error)
    {
        if (r.ok())
            return r.object;
        error = r.errors.first();
        return std::nullopt;
    }

    /// --local (set image, label, annotate, patch): the objects of the -f files, edited on the
    /// client and printed as each is done; nothing reaches the cluster. `edit` returns the edited
    /// object, or nothing with kubectl's message in `error`. `typed`: kubectl decoded the objects
    /// into their Go types (set image), which its printers show with their zero values and, as
    /// JSON, in field order.
    /// `noObjects`: the error when the files hold no object (patch's; the others print nothing).
    int runLocal(const ParsedFlags& f, const QString& operation, bool typed,
        const std::function<std::optional<QJsonObject>(const QJsonObject&, QString&)>& edit,
        const QString& noObjects = {})
    {
        QString error;
        const auto inputs = inputFiles(f.values(QStringLiteral("filename")), error);
        if (!error.isEmpty())
            return fail(error);
        const QString output = f.value(QStringLiteral("output"));
        // kubectl's builder stops at the first error in a file, with the decoder's message for a
        // document that is not an object (--local does not validate). set image collects every
        // object before it edits one; patch, label and annotate edit and print each document as
        // the builder reads it, so the documents before the error are printed first.
        // The text of a file's error as kubectl words it, with Rollout Lab's position line.
        const auto errorText = [&](ManifestError e, bool bare) {
            e.message = decodeErrorText(e, typed);
            e.bare = e.bare || bare;
            return admitErrorText({e}, {}, QStringLiteral("creating"));
        };
        std::vector<ParseResult> files;
        std::vector<ManifestError> typedErrors;
        for (const auto& [file, text] : inputs) {
            files.push_back(
                parseManifests(text.toUtf8(), file, typed ? ManifestChecks::Typed : ManifestChecks::Unstructured));
            // set image's builder goes on past an object it cannot decode (ContinueOnError): it
            // reports every such object of every file, up to a file's YAML error.
            if (typed)
                typedErrors.insert(typedErrors.end(), files.back().errors.begin(), files.back().errors.end());
        }
        if (!typedErrors.empty()) {
            // cmdutil.CheckErr: one error as any other, several (an aggregate) each on its own
            // line and none with "error: " (MultipleErrors).
            QString text;
            for (const ManifestError& e : typedErrors)
                text += errorText(e, typedErrors.size() > 1);
            m_k.printErr(text);
            return 1;
        }
        bool first = true;
        for (const ParseResult& parsed : files) {
            const std::size_t count = parsed.ok() ? parsed.documents.size() : parsed.documentsBeforeError;
            for (std::size_t i = 0; i < count; ++i) {
                const ManifestDocument& doc = parsed.documents.at(i);
                QString err;
                const std::optional<QJsonObject> edited = edit(doc.json, err);
                if (!edited)
                    return fail(err);
                const QJsonObject shown = typed ? ClientEdits::typedObject(*edited) : *edited;
                const auto type = resolveResourceType(doc.kind);
                const QString name
                    = type ? type->objectName(doc.name) : doc.kind.toLower() + QLatin1Char('/') + doc.name;
                if (output == QLatin1String("yaml"))
                    m_k.print(yamlSeparator() + render(shown, output));
                else if (output == QLatin1String("json"))
                    m_k.print(typed ? typedJson(shown) : render(shown, output));
                else if (output == QLatin1String("name"))
                    m_k.print(name + QLatin1Char('\n'));
                else
                    m_k.print(name + QLatin1Char(' ') + operation + QLatin1Char('\n'));
                first = false;
            }
            if (!parsed.ok()) {
                m_k.printErr(errorText(parsed.errors.front(), false));
                return 1;
            }
        }
        if (first && !noObjects.isEmpty())
            return fail(noObjects);
        return 0;
    }

    QString readInput(const QString& file, QString& error)
    {
        if (file == QLatin1String("-"))
            return m_stdin;
        QString path = file;
        if (QFileInfo(path).isRelative() && !m_k.m_cwd.isEmpty())
            path = QDir(m_k.m_cwd).filePath(path);
        QFile fh(path);
        if (!fh.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("the path \"%1\" does not exist").arg(file);
            return {};
        }
        return QString::fromUtf8(fh.readAll());
    }

    std::vector<std::pair<QString, QString>> inputFiles(const QStringList& files, QString& error)
    {
        std::vector<std::pair<QString, QString>> out;
        for (const QString& file : files) {
            QString path = file;
            if (file != QLatin1String("-") && QFileInfo(path).isRelative() && !m_k.m_cwd.isEmpty())
                path = QDir(m_k.m_cwd).filePath(path);
            if (file != QLatin1String("-") && QFileInfo(path).isDir()) {
                const QStringList entries = QDir(path).entryList(
                    {QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json")}, QDir::Files,
                    QDir::Name);
                for (const QString& e : entries) {
                    QFile fh(QDir(path).filePath(e));
                    if (fh.open(QIODevice::ReadOnly))
                        out.push_back({QDir(file).filePath(e), QString::fromUtf8(fh.readAll())});
                }
                continue;
            }
            const QString text = readInput(file, error);
            if (!error.isEmpty())
                return {};
            out.push_back({file == QLatin1String("-") ? QStringLiteral("STDIN") : file, text});
        }
        return out;
    }

    template<class Obj> int applyTyped(const ManifestDocument& doc, bool createOnly, bool& any)
    {
        const QString source = doc.file;
        const QString ns = doc.namespace_.isEmpty() ? m_ns : doc.namespace_;
        const ResourceType t = resourceTypeFor(Obj::kind);
        if (doc.name.isEmpty() && !createOnly) { // create sends it: the API server names or refuses it
            m_k.printErr(
                QStringLiteral("error: error when retrieving current configuration of:\nResource: \"%1\", "
                               "GroupVersionKind: \"%2, Kind=%3\"\nName: \"\", Namespace: \"%4\"\nfrom server for: "
                               "\"%5\": resource name may not be empty\n")
                    .arg(t.qualifiedPlural(), doc.apiVersion, kindName(Obj::kind), ns, source));
            return 1;
        }
        any = true;
        auto existing = store().get<Obj>(ns, doc.name);
        if (createOnly) {
            if (existing && m_dryRun != DryRun::Client) {
                m_k.printErr(QStringLiteral(
                    "Error from server (AlreadyExists): error when creating \"%1\": %2 \"%3\" already exists\n")
                                 .arg(source, t.qualifiedPlural(), doc.name));
                return 1;
            }
            const auto created = admitWrite<Obj>(doc.json, nullptr, &doc);
            if (!created)
                return 1;
            printWritten(t, doc.name.isEmpty() ? created->metadata.name : doc.name, QStringLiteral("created"));
            return 0;
        }
        const QString applied = ClientEdits::lastAppliedConfiguration(doc.json);
        QJsonObject modified = doc.json;
        QJsonObject meta = modified.value(QStringLiteral("metadata")).toObject();
        QJsonObject ann = meta.value(QStringLiteral("annotations")).toObject();
        ann.insert(keys::LastApplied, applied);
        meta.insert(QStringLiteral("annotations"), ann);
        modified.insert(QStringLiteral("metadata"), meta);
        if (!existing) {
            if (!admitWrite<Obj>(modified, nullptr, &doc))
                return 1;
            printWritten(t, doc.name, QStringLiteral("created"));
            return 0;
        }
        const QJsonObject current = toJson(*existing);
        if (m_dryRun == DryRun::Client) { // apply.go: no patch is computed; info.Object is the live object
            m_written = current;
            printWritten(t, doc.name, QStringLiteral("configured"));
            return 0;
        }
        QJsonObject last;
        const QString lastText = existing->metadata.annotations.value(keys::LastApplied);
        if (!lastText.isEmpty())
            last = QJsonDocument::fromJson(lastText.toUtf8()).object();
        QString perr;
        const QJsonObject patchObj
            = Patch::createThreeWayMergePatch(last, modified, current, kindName(Obj::kind), &perr);
        if (!perr.isEmpty())
            return fail(perr);
        if (patchObj.isEmpty()) {
            m_written = current;
            printWritten(t, doc.name, QStringLiteral("unchanged"));
            return 0;
        }
        const PatchResult r = Patch::strategicMerge(current, patchObj);
        if (!r.ok()) {
            m_k.printErr(r.kubectlError() + QLatin1Char('\n'));
            return 1;
        }
        if (!admitWrite<Obj>(r.object, existing.get(), &doc, QStringLiteral("patching")))
            return 1;
        printWritten(t, doc.name, QStringLiteral("configured"));
        return 0;
    }

    int apply(const QStringList& argv, bool createOnly)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("apply")), f, rc))
            return rc;
        const QStringList files = f.values(QStringLiteral("filename"));
        if (files.isEmpty())
            return fail(QStringLiteral("must specify one of -f and -k"));
        QString error;
        const auto inputs = inputFiles(files, error);
        if (!error.isEmpty())
            return fail(error);
        bool any = false;
        m_collect = m_output == QLatin1String("yaml") || m_output == QLatin1String("json");
        for (const auto& [source, text] : inputs) {
            const ParseResult parsed = parseManifests(text.toUtf8(), source);
            if (!parsed.ok()) {
                // kubectl reads every document before it sends anything: a syntax error stops the file.
                printAdmitErrors(parsed.errors, {}, QStringLiteral("creating"));
                rc = 1;
                continue;
            }
            for (const ManifestDocument& doc : parsed.documents) {
                int r = 0;
                if (doc.apiVersion == kRolloutLabApiVersion) {
                    any = true;
                    r = applyRolloutLab(doc);
                } else if (!isServed(doc.apiVersion, doc.kind, clusterVersion())) {
                    const AdmitResult a = admit(doc, clusterVersion());
                    printAdmitErrors(a.errors, a.message, QStringLiteral("creating"));
                    r = 1;
                } else if (doc.kind == QLatin1String("Deployment"))
                    r = applyTyped<Deployment>(doc, createOnly, any);
                else if (doc.kind == QLatin1String("ReplicaSet"))
                    r = applyTyped<ReplicaSet>(doc, createOnly, any);
                else if (doc.kind == QLatin1String("Pod"))
                    r = applyTyped<Pod>(doc, createOnly, any);
                else if (doc.kind == QLatin1String("Service"))
                    r = applyTyped<Service>(doc, createOnly, any);
                else {
                    const AdmitResult a = admit(doc, clusterVersion());
                    printAdmitErrors(a.errors, a.message, QStringLiteral("creating"));
                    r = 1;
                }
                rc = std::max(rc, r);
            }
        }
        printCollected();
        if (!any && rc == 0)
            return fail(QStringLiteral("no objects passed to %1")
                            .arg(createOnly ? QStringLiteral("create") : QStringLiteral("apply")));
        return rc;
    }

    /// ImageBehavior / ClusterProfile documents of our own API group go to the cluster profile.
    int applyRolloutLab(const ManifestDocument& doc)
    {
        QString error;
        const QString outcome = m_k.applyRolloutLabObject(doc.json, &error);
        if (outcome.isEmpty()) {
            m_k.printErr(QStringLiteral("error: %1\n").arg(error));
            const QString where = ManifestError {QString(), QString(), QString(), doc.file, doc.pos}.locationText();
            if (!where.isEmpty())
                m_k.printErr(QStringLiteral("  at %1\n").arg(where));
            return 1;
        }
        m_k.print(QStringLiteral("%1.rolloutlab.dev/%2 %3\n").arg(doc.kind.toLower(), doc.name, outcome));
        return 0;
    }

    int create(const QStringList& argv)
    {
        if (!argv.isEmpty() && argv.first() == QLatin1String("deployment")) {
            m_path += QStringLiteral(" deployment");
            return createDeployment(argv.mid(1));
        }
        if (!argv.isEmpty() && (argv.first() == QLatin1String("service") || argv.first() == QLatin1String("svc"))) {
            m_path += QStringLiteral(" service");
            return createService(argv.mid(1));
        }
        return apply(argv, true);
    }

    /// `kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=PORT[:TARGET]...`
    /// (create_service.go): a Service selecting and labelled app=NAME, a port "PORT-TARGET" per
    /// --tcp.
    int createService(const QStringList& argv)
    {
        static const QStringList types {"clusterip", "nodeport", "loadbalancer"};
        if (argv.isEmpty() || !types.contains(argv.first())) {
            if (!argv.isEmpty() && argv.first() == QLatin1String("externalname")) {
                m_k.printErr(
                    QStringLiteral("error: Rollout Lab does not simulate \"kubectl create service externalname\"\n"));
                return 1;
            }
            if (argv.isEmpty()) { // its help, on standard error, and exit status 1
                m_k.printErr(QStringLiteral(
                    "Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n"
                    "  clusterip      Create a ClusterIP service\n  externalname   Create an ExternalName service\n"
                    "  loadbalancer   Create a LoadBalancer service\n  nodeport       Create a NodePort service\n\n"
                    "Usage:\n  kubectl create service [flags] [options]\n\nUse \"kubectl create service <command> "
                    "--help\" for more information about a given command.\nUse \"kubectl options\" for a list of "
                    "global command-line options (applies to all commands).\n"));
                return 1;
            }
            m_k.printErr(QStringLiteral("error: unknown command \"%1\"\nSee 'kubectl create service -h' for help and "
                                        "examples\n")
                             .arg(argv.join(QLatin1Char(' '))));
            return 1;
        }
        const QString sub = argv.first();
        m_path += QLatin1Char(' ') + sub;
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv.mid(1), commandFlags(QStringLiteral("create service ") + sub), f, rc))
            return rc;
        if (f.args.size() != 1)
            return usageError(QStringLiteral("exactly one NAME is required, got %1").arg(f.args.size()));
        const QString name = f.args.first();
        const QString type = sub == QLatin1String("clusterip") ? QStringLiteral("ClusterIP")
            : sub == QLatin1String("nodeport")                 ? QStringLiteral("NodePort")
                                                               : QStringLiteral("LoadBalancer");
        const QString clusterIP = f.value(QStringLiteral("clusterip"));
        const QStringList tcp = f.values(QStringLiteral("tcp"));
        // Validate()
        if (tcp.isEmpty() && clusterIP != QLatin1String("None"))
            return fail(QStringLiteral("at least one tcp port specifier must be provided"));
        if (clusterIP == QLatin1String("None") && type != QLatin1String("ClusterIP"))
            return fail(QStringLiteral("ClusterIP=None can only be used with ClusterIP service type"));
        QJsonArray ports;
        for (const QString& spec : tcp) {
            const QStringList parts = spec.split(u':');
            bool ok = false;
            const uint port = parts.first().toUInt(&ok);
            if (!ok || parts.first().startsWith(u'+') || port > 65535)
                return fail(
                    ok ? QStringLiteral("strconv.ParseUint: parsing %1: value out of range").arg(goQuote(parts.first()))
                       : QStringLiteral("strconv.ParseUint: parsing %1: invalid syntax").arg(goQuote(parts.first())));
            QJsonValue target = int(port);
            if (parts.size() > 1) {
                bool number = false;
                const int t = parts.at(1).toInt(&number);
                if (number) {
                    if (t < 1 || t > 65535)
                        return fail(QStringLiteral("must be between 1 and 65535, inclusive"));
                    target = t;
                } else {
                    if (const QStringList errs = isValidPortName(parts.at(1)); !errs.isEmpty())
                        return fail(errs.join(QLatin1Char(',')));
                    target = parts.at(1);
                }
            }
            QJsonObject p {{QStringLiteral("name"), QString(spec).replace(u':', u'-')},
                {QStringLiteral("protocol"), QStringLiteral("TCP")}, {QStringLiteral("port"), int(port)},
                {QStringLiteral("targetPort"), target}};
            if (const int nodePort = f.value(QStringLiteral("node-port")).toInt(); nodePort != 0)
                p.insert(QStringLiteral("nodePort"), nodePort);
            ports.append(p);
        }
        QJsonObject meta {
            {QStringLiteral("name"), name}, {QStringLiteral("labels"), QJsonObject {{QStringLiteral("app"), name}}}};
        if (f.has(QStringLiteral("namespace")))
            meta.insert(QStringLiteral("namespace"), m_ns);
        QJsonObject spec {
            {QStringLiteral("selector"), QJsonObject {{QStringLiteral("app"), name}}}, {QStringLiteral("type"), type}};
        if (!ports.isEmpty())
            spec.insert(QStringLiteral("ports"), ports);
        if (!clusterIP.isEmpty())
            spec.insert(QStringLiteral("clusterIP"), clusterIP);
        QJsonObject json {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Service")}, {QStringLiteral("metadata"), meta},
            {QStringLiteral("spec"), spec}};
        return createTyped<Service>(
            json, name, QStringLiteral("created"), QStringLiteral("error: failed to create %1 service: ").arg(type));
    }

    /// `kubectl expose TYPE NAME` (expose.go generateService): a Service for a Deployment,
    /// ReplicaSet, Pod or Service, selecting what it selects, labelled as it is, on --port or the
    /// ports of its containers.
    int expose(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("expose")), f, rc))
            return rc;
        if (f.args.isEmpty())
            return missingResources();
        std::vector<Target> targets;
        if (!resolveTargets(f.args, targets, rc))
            return rc;
        for (const Target& t : targets) {
            const ObjectPtr obj = find(t.type.kind, t.name);
            if (isNull(obj)) {
                rc = notFound(t.type, t.name);
                continue;
            }
            // MapBasedSelectorForObject, PortsForObject, ProtocolsForObject
            QString selector = f.value(QStringLiteral("selector"));
            QString selectorError;
            QStringList ports; // of the containers (or the Service)
            QMap<QString, QString> protocols;
            Labels objectLabels;
            const auto containerPorts = [&](const PodSpec& spec) {
                for (const Container& c : spec.containers)
                    for (const ContainerPort& p : c.ports) {
                        ports << QString::number(p.containerPort);
                        if (!protocols.contains(ports.last()))
                            protocols.insert(ports.last(), p.protocol.isEmpty() ? QStringLiteral("TCP") : p.protocol);
                    }
            };
            const auto mapSelector = [&](const std::optional<LabelSelector>& s, const char* what) {
                // MapBasedSelectorForObject: expressions cannot be a map.
                if (s && !s->matchExpressions.empty())
                    selectorError = QStringLiteral("couldn't convert expressions - \"%1\" to map-based selector format")
                                        .arg(goPlusV(s->matchExpressions));
                else if (!s || s->matchLabels.isEmpty())
                    selectorError = QStringLiteral("invalid %1: no selectors, therefore cannot be exposed")
                                        .arg(QLatin1String(what));
                else
                    return formatLabels(s->matchLabels);
                return QString();
            };
            bool exposable = true;
            std::visit(
                [&](const auto& p) {
                    using T = std::remove_cvref_t<decltype(*p)>;
                    objectLabels = p->metadata.labels;
                    if constexpr (std::is_same_v<T, Deployment> || std::is_same_v<T, ReplicaSet>) {
                        if (selector.isEmpty())
                            selector = mapSelector(
                                p->spec.selector, std::is_same_v<T, Deployment> ? "deployment" : "replicaset");
                        containerPorts(p->spec.template_.spec);
                    } else if constexpr (std::is_same_v<T, Pod>) {
                        if (selector.isEmpty()) {
                            if (p->metadata.labels.isEmpty())
                                selectorError = QStringLiteral("the pod has no labels and cannot be exposed");
                            else
                                selector = formatLabels(p->metadata.labels);
                        }
                        containerPorts(*p->spec);
                    } else if constexpr (std::is_same_v<T, Service>) {
                        if (selector.isEmpty()) {
                            if (p->spec.selector.isEmpty())
                                selectorError = QStringLiteral("the service has no pod selector set");
                            else
                                selector = formatLabels(p->spec.selector);
                        }
                        for (const ServicePort& sp : p->spec.ports) {
                            ports << QString::number(sp.port);
                            protocols.insert(ports.last(), sp.protocol.isEmpty() ? QStringLiteral("TCP") : sp.protocol);
                        }
                    } else {
                        exposable = false;
                    }
                },
                obj);
            if (!exposable) {
                rc = fail(QStringLiteral("cannot expose a %1").arg(kindName(t.type.kind)));
                continue;
            }
            if (selector.isEmpty())
                return usageError(QStringLiteral("couldn't retrieve selectors via --selector flag or introspection: %1")
                                      .arg(selectorError));
            QStringList portList
                = f.value(QStringLiteral("port")).isEmpty() ? ports : f.value(QStringLiteral("port")).split(u',');
            if (portList.isEmpty())
                return usageError(QStringLiteral("couldn't find port via --port flag or introspection"));
            const QString targetPort = f.value(QStringLiteral("target-port"));
            QJsonArray servicePorts;
            for (int i = 0; i < portList.size(); ++i) {
                bool ok = false;
                const int port = portList.at(i).toInt(&ok);
                if (!ok)
                    return fail(
                        QStringLiteral("strconv.Atoi: parsing %1: invalid syntax").arg(goQuote(portList.at(i))));
                QString protocol = f.value(QStringLiteral("protocol"));
                if (protocol.isEmpty())
                    protocol = protocols.value(portList.at(i), QStringLiteral("TCP"));
                QJsonObject sp {{QStringLiteral("port"), port}, {QStringLiteral("protocol"), protocol}};
                if (portList.size() > 1)
                    sp.insert(QStringLiteral("name"), QStringLiteral("port-%1").arg(i + 1));
                bool numeric = false;
                const int target = targetPort.toInt(&numeric);
                sp.insert(QStringLiteral("targetPort"),
                    targetPort.isEmpty() ? QJsonValue(port)
                        : numeric        ? QJsonValue(target)
                                         : QJsonValue(targetPort));
                servicePorts.append(sp);
            }
            QJsonObject selectorMap;
            for (const QString& kv : selector.split(u',', Qt::SkipEmptyParts))
                selectorMap.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
            QJsonObject labels;
            if (const QString l = f.value(QStringLiteral("labels")); !l.isEmpty()) {
                for (const QString& kv : l.split(u',', Qt::SkipEmptyParts))
                    labels.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
            } else {
                for (auto it = objectLabels.begin(); it != objectLabels.end(); ++it)
                    labels.insert(it.key(), it.value());
            }
            const QString name = f.value(QStringLiteral("name")).isEmpty() ? t.name : f.value(QStringLiteral("name"));
            QJsonObject meta {{QStringLiteral("name"), name}};
            if (!labels.isEmpty())
                meta.insert(QStringLiteral("labels"), labels);
            QJsonObject spec {{QStringLiteral("ports"), servicePorts}, {QStringLiteral("selector"), selectorMap}};
            if (const QString type = f.value(QStringLiteral("type")); !type.isEmpty())
                spec.insert(QStringLiteral("type"), type);
            if (const QString ip = f.value(QStringLiteral("cluster-ip")); !ip.isEmpty())
                spec.insert(QStringLiteral("clusterIP"), ip);
            if (const QString affinity = f.value(QStringLiteral("session-affinity")); !affinity.isEmpty())
                spec.insert(QStringLiteral("sessionAffinity"), affinity);
            const QJsonObject json {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                {QStringLiteral("kind"), QStringLiteral("Service")}, {QStringLiteral("metadata"), meta},
                {QStringLiteral("spec"), spec}};
            if (const int r = createTyped<Service>(
                    json, name, QStringLiteral("exposed"), QStringLiteral("Error from server (AlreadyExists): ")))
                rc = r;
        }
        return rc;
    }

    /// Sends an object kubectl built itself (create deployment|service, expose) and prints it: in a
    /// client dry run the typed object (null creationTimestamp, the zero status; -o json in Go
    /// field order).
    template<class Obj>
    int createTyped(QJsonObject json, const QString& name, const QString& operation, const QString& existsPrefix)
    {
        const ResourceType t = resourceTypeFor(Obj::kind);
        if (m_dryRun != DryRun::Client && store().get<Obj>(m_ns, name)) {
            m_k.printErr(QStringLiteral("%1%2 \"%3\" already exists\n").arg(existsPrefix, t.qualifiedPlural(), name));
            return 1;
        }
        if (m_dryRun == DryRun::Client) // the typed object kubectl built: its zero values show
            json = ClientEdits::typedObject(json);
        if (!admitWrite<Obj>(json, nullptr))
            return 1;
        if (m_dryRun == DryRun::Client && m_output == QLatin1String("json")) {
            m_k.print(typedJson(m_written));
            return 0;
        }
        printWritten(t, name, operation);
        return 0;
    }

    int createDeployment(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("create deployment")), f, rc))
            return rc;
        // cobra checks required flags before the command runs; then Complete() wants one NAME and
        // a printer for -o.
        const QStringList images = f.values(QStringLiteral("image"));
        if (images.isEmpty())
            return klogCommandFailed(QStringLiteral("required flag(s) \"image\" not set"));
        if (f.args.size() != 1)
            return usageError(QStringLiteral("exactly one NAME is required, got %1").arg(f.args.size()));
        static const QStringList printers {"go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json",
            "jsonpath-file", "name", "template", "templatefile", "yaml"};
        if (const QString o = f.value(QStringLiteral("output"));
            !o.isEmpty() && !printers.contains(o.section(u'=', 0, 0)))
            return fail(
                QStringLiteral("unable to match a printer suitable for the output format \"%1\", allowed formats "
                               "are: %2")
                    .arg(o, printers.join(QLatin1Char(','))));
        const QString name = f.args.first();
        if (m_dryRun != DryRun::Client && store().get<Deployment>(m_ns, name)) { // before drawing names
            m_k.printErr(QStringLiteral("error: failed to create deployment: deployments.apps \"%1\" already exists\n")
                             .arg(name));
            return 1;
        }
        const QJsonObject json = ClientEdits::createDeployment(name, images,
            f.value(QStringLiteral("replicas")).toInt(), f.value(QStringLiteral("port")).toInt(),
            f.has(QStringLiteral("namespace")) ? m_ns : QString(), [this](int) { return m_sim.rng().podSuffix(); });
        return createTyped<Deployment>(
            json, name, QStringLiteral("created"), QStringLiteral("error: failed to create deployment: "));
    }

    // ---- delete --------------------------------------------------------------------------
    int del(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("delete")), f, rc))
            return rc;
        std::vector<Target> targets;
        if (f.has(QStringLiteral("filename"))) {
            QString error;
            for (const auto& [source, text] : inputFiles(f.values(QStringLiteral("filename")), error)) {
                const ParseResult parsed = parseManifests(text.toUtf8(), source);
                if (!parsed.ok()) {
                    printAdmitErrors(parsed.errors, {}, QStringLiteral("deleting"));
                    return 1;
                }
                for (const ManifestDocument& d : parsed.documents) {
                    auto t = resolveResourceType(d.kind);
                    if (t)
                        targets.push_back({*t, d.name});
                }
            }
            if (!error.isEmpty())
                return fail(error);
        } else {
            if (f.args.isEmpty())
                return missingResources();
            const bool bySelector = f.has(QStringLiteral("selector")) || f.boolValue(QStringLiteral("all"));
            if (!resolveTargets(f.args, targets, rc, bySelector))
                return rc;
            if (bySelector) {
                std::vector<Target> expanded;
                for (const Target& t : targets)
                    for (const Row& r : listRows({t.type.kind}, f.value(QStringLiteral("selector"))))
                        expanded.push_back({t.type, nameOf(r.obj)});
                targets = expanded;
                if (targets.empty()) {
                    m_k.printErr(QStringLiteral("No resources found\n"));
                    return 0;
                }
            }
        }
        std::optional<qint64> grace;
        const int g = f.value(QStringLiteral("grace-period")).toInt();
        if (g >= 0)
            grace = g;
        if (f.boolValue(QStringLiteral("now")))
            grace = 1;
        const bool force = f.boolValue(QStringLiteral("force"));
        if (force && grace == 0)
            m_k.printErr(
                QStringLiteral("Warning: Immediate deletion does not wait for confirmation that the running resource "
                               "has been terminated. The resource may continue to run on the cluster indefinitely.\n"));
        deprecationWarning(kindsOf(targets));
        for (const Target& t : targets) {
            bool ok = false;
            if (m_dryRun != DryRun::None) { // delete.go PrintObj: nothing is deleted
                if (isNull(find(t.type.kind, t.name))) {
                    rc = notFound(t.type, t.name);
                    continue;
                }
                m_k.print(m_output == QLatin1String("name")
                        ? t.type.objectName(t.name) + QLatin1Char('\n')
                        : QStringLiteral("%1 \"%2\" %3%4\n")
                              .arg(t.type.qualifiedSingular(), t.name,
                                  grace == 0 ? QStringLiteral("force deleted") : QStringLiteral("deleted"),
                                  dryRunSuffix()));
                continue;
            }
            switch (t.type.kind) {
            case Kind::Deployment:
                ok = store().remove<Deployment>(m_ns, t.name) != nullptr;
                break;
            case Kind::ReplicaSet:
                ok = store().remove<ReplicaSet>(m_ns, t.name) != nullptr;
                break;
            case Kind::Pod:
                ok = store().get<Pod>(m_ns, t.name) != nullptr;
                if (ok)
                    m_sim.kubelet().deletePod(m_ns, t.name, force && grace == 0 ? std::optional<qint64>(0) : grace);
                break;
            case Kind::Service:
                ok = store().remove<Service>(m_ns, t.name) != nullptr;
                break;
            case Kind::Event:
                ok = store().remove<Event>(m_ns, t.name) != nullptr;
                break;
            case Kind::Endpoints: // the endpoints controller writes them again while the Service exists
                ok = store().remove<Endpoints>(m_ns, t.name) != nullptr;
                break;
            }
            if (!ok) {
                rc = notFound(t.type, t.name);
                continue;
            }
            m_k.print(QStringLiteral("%1 \"%2\" %3\n")
                          .arg(t.type.qualifiedSingular(), t.name,
                              force && grace == 0 ? QStringLiteral("force deleted") : QStringLiteral("deleted")));
        }
        return rc;
    }

    // ---- scale ---------------------------------------------------------------------------
    int scale(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("scale")), f, rc))
            return rc;
        m_sharedPrinter = true;
        if (!f.has(QStringLiteral("replicas")))
            return klogCommandFailed(QStringLiteral("required flag(s) \"replicas\" not set"));
        const qint64 replicas64 = f.value(QStringLiteral("replicas")).toLongLong();
        const int replicas = int(std::clamp<qint64>(replicas64, -1, INT32_MAX));
        if (replicas64 < 0)
            return fail(
                QStringLiteral("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"));
        if (f.args.isEmpty())
            return missingResources();
        std::vector<Target> targets;
        if (!resolveTargets(f.args, targets, rc))
            return rc;
        const bool rec = record(f);
        for (const Target& t : targets) {
            if (replicas64 > m_k.m_limits.maxReplicas
                && (t.type.kind == Kind::Deployment || t.type.kind == Kind::ReplicaSet)) {
                m_k.printErr(
                    limitErrorText(t.type.qualifiedPlural(), t.name, replicasLimitError(replicas64, m_k.m_limits))
                    + QLatin1Char('\n'));
                rc = 1;
                continue;
            }
            const int expected = f.value(QStringLiteral("current-replicas")).toInt();
            if (m_dryRun == DryRun::Client && (t.type.kind == Kind::Deployment || t.type.kind == Kind::ReplicaSet)) {
                // scale.go: "Just print what would be done" -- the object as read, unscaled
                ObjectPtr p = find(t.type.kind, t.name);
                if (isNull(p)) {
                    rc = notFound(t.type, t.name);
                    continue;
                }
                m_written = jsonFor(p);
                printWritten(t.type, t.name, QStringLiteral("scaled"));
                continue;
            }
            if (t.type.kind == Kind::Deployment) {
                auto d = getObj<Deployment>(t.name);
                if (!d) {
                    rc = notFound(t.type, t.name);
                    continue;
                }
                if (expected >= 0 && expected != d->spec.replicas.value_or(1)) {
                    rc = fail(QStringLiteral("Expected replicas to be %1, was %2")
                                  .arg(expected)
                                  .arg(d->spec.replicas.value_or(1)));
                    continue;
                }
                Deployment n = *d;
                n.spec.replicas = replicas;
                if (rec)
                    n.metadata.annotations.insert(keys::ChangeCause, changeCause(f, f.args));
                if (!updateDeployment(*d, n)) {
                    rc = 1;
                    continue;
                }
            } else if (t.type.kind == Kind::ReplicaSet) {
                auto rs = getObj<ReplicaSet>(t.name);
                if (!rs) {
                    rc = notFound(t.type, t.name);
                    continue;
                }
                ReplicaSet n = *rs;
                n.spec.replicas = replicas;
                if (!writeUpdate(*rs, n)) {
                    rc = 1;
                    continue;
                }
            } else {
                rc = fail(QStringLiteral("cannot scale %1").arg(t.type.plural));
                continue;
            }
            printWritten(t.type, t.name, QStringLiteral("scaled"));
        }
        return rc;
    }

    // ---- set image -----------------------------------------------------------------------
    int set(const QStringList& argv)
    {
        if (argv.isEmpty()) { // kubectl set's help, on standard error, and exit status 1
            m_k.printErr(QStringLiteral(
                "Configure application resources.\n"
                "\n"
                " These commands help you make changes to existing application resources.\n"
                "\n"
                "Available Commands:\n"
                "  env              Update environment variables on a pod template\n"
                "  image            Update the image of a pod template\n"
                "  resources        Update resource requests/limits on objects with pod templates\n"
                "  selector         Set the selector on a resource\n"
                "  serviceaccount   Update the service account of a resource\n"
                "  subject          Update the user, group, or service account in a role binding or cluster role "
                "binding\n"
                "\n"
                "Usage:\n"
                "  kubectl set SUBCOMMAND [options]\n"
                "\n"
                "Use \"kubectl set <command> --help\" for more information about a given command.\n"
                "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n"));
            return 1;
        }
        static const QStringList subs {"env", "image", "resources", "selector", "serviceaccount", "subject"};
        if (!subs.contains(argv.first())) {
            m_k.printErr(QStringLiteral("error: unknown command \"%1\"\nSee 'kubectl set -h' for help and examples\n")
                             .arg(argv.join(QLatin1Char(' '))));
            return 1;
        }
        if (argv.first() != QLatin1String("image")) {
            m_k.printErr(QStringLiteral("error: Rollout Lab does not simulate \"kubectl set %1\"\n").arg(argv.first()));
            return 1;
        }
        m_path += QStringLiteral(" image");
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv.mid(1), commandFlags(QStringLiteral("set image")), f, rc))
            return rc;
        m_sharedPrinter = true;
        QStringList resources, pairs;
        if (!resourcesAndPairs(f.args, QStringLiteral("image"), resources, pairs, rc))
            return rc;
        QList<QPair<QString, QString>> images;
        for (const QString& a : pairs) {
            const int eq = a.indexOf(QLatin1Char('='));
            images << qMakePair(a.left(eq), a.mid(eq + 1));
        }
        if (f.boolValue(QStringLiteral("local"))) {
            if (!resources.isEmpty() || !f.has(QStringLiteral("filename")))
                return fail(QStringLiteral("you must specify resources by --filename when --local is set.\nExample "
                                           "resource specifications include:\n   '-f rsrc.yaml'\n   "
                                           "'--filename=rsrc.json'"));
            if (images.isEmpty())
                return fail(QStringLiteral("at least one image update is required"));
            return runLocal(f, QStringLiteral("image updated"), true,
                [&](const QJsonObject& obj, QString& err) -> std::optional<QJsonObject> {
                    // polymorphichelpers.updatePodSpecForObject knows the kinds with a pod spec.
                    static const QStringList withPods {"Pod", "ReplicationController", "Deployment", "DaemonSet",
                        "ReplicaSet", "StatefulSet", "Job", "CronJob"};
                    const QString kind = obj.value(QStringLiteral("kind")).toString();
                    if (!withPods.contains(kind)) {
                        err = QStringLiteral("%1/%2 the object is not a pod or does not have a pod template: *%3.%4")
                                  .arg(kind.toLower(),
                                      obj.value(QStringLiteral("metadata"))
                                          .toObject()
                                          .value(QStringLiteral("name"))
                                          .toString(),
                                      obj.value(QStringLiteral("apiVersion")).toString().section(u'/', -1), kind);
                        return std::nullopt;
                    }
                    return editedObject(ClientEdits::setImage(obj, images), err);
                });
        }
        if (resources.isEmpty()) // Complete()'s resource builder, before Validate()
            return missingResources();
        if (images.isEmpty()) // Validate()
            return fail(QStringLiteral("at least one image update is required"));
        std::vector<Target> targets;
        if (!resolveTargets(resources, targets, rc))
            return rc;
        const bool rec = record(f);
        for (const Target& t : targets) {
            if (t.type.kind != Kind::Deployment && t.type.kind != Kind::ReplicaSet && t.type.kind != Kind::Pod) {
                rc = fail(QStringLiteral("%1/%2 is not a pod template").arg(t.type.plural, t.name));
                continue;
            }
            auto apply = [&](PodSpec& spec) {
                for (const auto& [name, image] : images) {
                    bool found = false;
                    for (auto* list : {&spec.initContainers, &spec.containers})
                        for (Container& c : *list)
                            if (name == QLatin1String("*") || c.name == name) {
                                c.image = image;
                                found = true;
                            }
                    if (!found) {
                        m_k.printErr(QStringLiteral("error: unable to find container named \"%1\"\n").arg(name));
                        rc = 1;
                    }
                }
            };
            if (t.type.kind == Kind::Deployment) {
                auto d = getObj<Deployment>(t.name);
                if (!d) {
                    rc = notFound(t.type, t.name);
                    continue;
                }
                Deployment n = *d;
                apply(n.spec.template_.spec);
                if (rec)
                    n.metadata.annotations.insert(keys::ChangeCause, changeCause(f, f.args));
                if (n == *d)
                    continue; // empty patch: no output
                if (!updateDeployment(*d, n)) {
                    rc = 1;
                    continue;
                }
            } else if (t.type.kind == Kind::ReplicaSet) {
                auto r = getObj<ReplicaSet>(t.name);
                if (!r) {
                    rc = notFound(t.type, t.name);
                    continue;
                }
                ReplicaSet n = *r;
                apply(n.spec.template_.spec);
                if (n == *r)
                    continue;
                if (!writeUpdate(*r, n)) {
                    rc = 1;
                    continue;
                }
            } else {
                auto p = getObj<Pod>(t.name);
                if (!p) {
                    rc = notFound(t.type, t.name);
                    continue;
                }
                Pod n = *p;
                apply(n.spec.edit());
                if (n == *p)
                    continue;
                if (!writeUpdate(*p, n)) {
                    rc = 1;
                    continue;
                }
            }
            printWritten(t.type, t.name, QStringLiteral("image updated"));
        }
        return rc;
    }

    // ---- annotate / label ----------------------------------------------------------------
    int annotate(const QStringList& argv, bool labels)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("annotate")), f, rc))
            return rc;
        m_sharedPrinter = !labels;
        QStringList resources, changes;
        if (!resourcesAndPairs(
                f.args, labels ? QStringLiteral("label") : QStringLiteral("annotation"), resources, changes, rc))
            return rc;
        if (f.boolValue(QStringLiteral("local"))) {
            if (!resources.isEmpty() || !f.has(QStringLiteral("filename")))
                return fail(labels ? QStringLiteral("can only use local files by -f pod.yaml or --filename=pod.json "
                                                    "when --local=true is set")
                                   : QStringLiteral("can only use local files by -f rsrc.yaml or --filename=rsrc.json "
                                                    "when --local=true is set"));
            if (changes.isEmpty())
                return fail(labels ? QStringLiteral("at least one label update is required")
                                   : QStringLiteral("at least one annotation update is required"));
            const bool overwrite = f.boolValue(QStringLiteral("overwrite"));
            return runLocal(f, labels ? QStringLiteral("labeled") : QStringLiteral("annotated"), false,
                [&](const QJsonObject& obj, QString& err) -> std::optional<QJsonObject> {
                    return editedObject(labels ? ClientEdits::label(obj, changes, overwrite)
                                               : ClientEdits::annotate(obj, changes, overwrite),
                        err);
                });
        }
        // Validate()'s errors, printed by CheckErr (without a usage hint).
        if (resources.isEmpty())
            return fail(
                QStringLiteral("one or more resources must be specified as <resource> <name> or <resource>/<name>"));
        if (changes.isEmpty())
            return fail(labels ? QStringLiteral("at least one label update is required")
                               : QStringLiteral("at least one annotation update is required"));
        std::vector<Target> targets;
        if (!resolveTargets(resources, targets, rc))
            return rc;
        const bool overwrite = f.boolValue(QStringLiteral("overwrite"));
        const bool rec = record(f);
        for (const Target& t : targets) {
            auto edit = [&](ObjectMeta& m) -> QString {
                Labels& map = labels ? m.labels : m.annotations;
                for (const QString& c : changes) {
                    if (c.endsWith(QLatin1Char('-')) && !c.contains(QLatin1Char('='))) {
                        map.remove(c.chopped(1));
                        continue;
                    }
                    const QString key = c.section(QLatin1Char('='), 0, 0);
                    const QString value = c.section(QLatin1Char('='), 1);
                    if (map.contains(key) && map.value(key) != value && !overwrite)
                        return QStringLiteral("'%1' already has a value (%2), and --overwrite is false")
                            .arg(key, map.value(key));
                    map.insert(key, value);
                }
                if (rec)
                    m.annotations.insert(keys::ChangeCause, changeCause(f, f.args));
                return {};
            };
            QString err;
            bool found = true;
            bool rejected = false;
            if (t.type.kind == Kind::Endpoints) {
                rc = fail(QStringLiteral("Rollout Lab does not simulate writes to endpoints"));
                continue;
            }
            visitKind(t.type.kind, [&](auto type) {
                using T = typename decltype(type)::type;
                if constexpr (T::kind == Kind::Event || T::kind == Kind::Endpoints) {
                    found = false;
                } else if (auto d = getObj<T>(t.name)) {
                    T n = *d;
                    err = edit(n.metadata);
                    if (err.isEmpty() && !writeUpdate(*d, n))
                        rejected = true;
                } else {
                    found = false;
                }
            });
            if (!found) {
                rc = notFound(t.type, t.name);
                continue;
            }
            if (!err.isEmpty()) {
                rc = fail(err);
                continue;
            }
            if (rejected) {
                rc = 1;
                continue;
            }
            printWritten(t.type, t.name, labels ? QStringLiteral("labeled") : QStringLiteral("annotated"));
        }
        return rc;
    }

    // ---- patch ---------------------------------------------------------------------------
    int patch(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("patch")), f, rc))
            return rc;
        QString text = f.value(QStringLiteral("patch"));
        if (f.has(QStringLiteral("patch-file"))) {
            if (f.has(QStringLiteral("patch")))
                return usageError(QStringLiteral("--patch and --patch-file are mutually exclusive"));
            QString error;
            text = readInput(f.value(QStringLiteral("patch-file")), error);
            if (!error.isEmpty())
                return fail(QStringLiteral("unable to read patch file: open %1: no such file or directory")
                                .arg(f.value(QStringLiteral("patch-file"))));
        }
        // patch.go Validate: an empty patch, given or read from the file, is no patch.
        if (text.isEmpty())
            return fail(QStringLiteral("must specify --patch or --patch-file containing the contents of the patch"));
        const QString type = f.value(QStringLiteral("type"));
        PatchType pt;
        if (type == QLatin1String("strategic"))
            pt = PatchType::Strategic;
        else if (type == QLatin1String("merge"))
            pt = PatchType::Merge;
        else if (type == QLatin1String("json"))
            pt = PatchType::Json;
        else
            return usageError(QStringLiteral("--type must be one of [json merge strategic], not \"%1\"").arg(type));
        if (f.boolValue(QStringLiteral("local"))) {
            if (!f.args.isEmpty())
                return fail(QStringLiteral("cannot specify --local and server resources"));
            if (!f.has(QStringLiteral("filename")))
                return missingResources();
            return runLocal(
                f, QStringLiteral("patched"), false,
                [&](const QJsonObject& obj, QString& err) -> std::optional<QJsonObject> {
                    const PatchResult r = Patch::apply(obj, text, pt);
                    if (!r.ok()) {
                        err = r.message; // the client's own error, as --local prints it
                        return std::nullopt;
                    }
                    return r.withNulls;
                },
                QStringLiteral("no objects passed to patch"));
        }
        std::vector<Target> targets;
        if (!resolveTargets(f.args, targets, rc))
            return rc;
        const bool rec = record(f);
        for (const Target& t : targets) {
            ObjectPtr p = find(t.type.kind, t.name);
            if (isNull(p)) {
                rc = notFound(t.type, t.name);
                continue;
            }
            const QJsonObject original = jsonFor(p);
            const PatchResult r = Patch::apply(original, text, pt);
            if (!r.ok()) {
                m_k.printErr(r.kubectlError() + QLatin1Char('\n'));
                rc = 1;
                continue;
            }
            QJsonObject result = r.object;
            if (rec) {
                QJsonObject meta = result.value(QStringLiteral("metadata")).toObject();
                QJsonObject ann = meta.value(QStringLiteral("annotations")).toObject();
                ann.insert(keys::ChangeCause, changeCause(f, f.args));
                meta.insert(QStringLiteral("annotations"), ann);
                result.insert(QStringLiteral("metadata"), meta);
            }
            if (result == original) {
                m_written = original;
                printWritten(t.type, t.name, QStringLiteral("patched (no change)"));
                continue;
            }
            QString err;
            if (!storeJson(t.type.kind, p, result, err)) {
                rc = err.isEmpty() ? 1 : fail(err);
                continue;
            }
            printWritten(t.type, t.name, QStringLiteral("patched"));
        }
        return rc;
    }

    /// Sends the patched object through admission; false when rejected (error printed).
    bool storeJson(Kind kind, const ObjectPtr& old, const QJsonObject& json, QString& err)
    {
        switch (kind) {
        case Kind::Deployment:
            return admitWrite<Deployment>(json, std::get<DeploymentPtr>(old).get()) != nullptr;
        case Kind::ReplicaSet:
            return admitWrite<ReplicaSet>(json, std::get<ReplicaSetPtr>(old).get()) != nullptr;
        case Kind::Pod:
            return admitWrite<Pod>(json, std::get<PodPtr>(old).get()) != nullptr;
        case Kind::Service:
            return admitWrite<Service>(json, std::get<ServicePtr>(old).get()) != nullptr;
        case Kind::Event:
            err = QStringLiteral("events cannot be patched");
            break;
        case Kind::Endpoints:
            err = QStringLiteral("Rollout Lab does not simulate writes to endpoints");
            break;
        }
        return false;
    }

    // ---- edit ----------------------------------------------------------------------------
    /// `kubectl edit TYPE NAME` (editoptions.go, one round: see edit.h).
    int edit(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("edit")), f, rc))
            return rc;
        std::vector<Target> targets;
        if (f.args.isEmpty())
            return missingResources();
        if (!resolveTargets(f.args, targets, rc))
            return rc;
        const bool rec = record(f);
        TextEditor& editor = m_k.editor();
        for (const Target& t : targets) {
            const ObjectPtr p = find(t.type.kind, t.name);
            if (isNull(p)) {
                rc = notFound(t.type, t.name);
                continue;
            }
            const QJsonObject original = jsonFor(p);
            const QString text = KubectlEdit::editorText(original);
            QString edited, error;
            if (!editor.edit(text, &edited, &error)) {
                preservedCopy(editor);
                rc = fail(error);
                continue;
            }
            KubectlEdit::Plan plan = KubectlEdit::plan(original, text, edited);
            if (plan.outcome == KubectlEdit::Plan::Outcome::Unchanged
                || plan.outcome == KubectlEdit::Plan::Outcome::Empty) {
                editor.discard();
                m_k.printErr(plan.outcome == KubectlEdit::Plan::Outcome::Unchanged
                        ? QStringLiteral("Edit cancelled, no changes made.\n")
                        : QStringLiteral("Edit cancelled, saved file was empty.\n"));
                continue;
            }
            if (plan.outcome == KubectlEdit::Plan::Outcome::Error) {
                if (plan.syntaxError) { // kubectl reopens the file with this in its header
                    m_k.printErr(QStringLiteral("error: %1\n").arg(plan.message));
                    plan.message = QStringLiteral("Edit cancelled, no valid changes were saved.");
                }
                preservedCopy(editor);
                rc = fail(plan.message);
                continue;
            }
            if (plan.outcome == KubectlEdit::Plan::Outcome::Skipped) {
                editor.discard();
                m_written = original;
                printWritten(t.type, t.name, QStringLiteral("skipped"));
                continue;
            }
            if (rec) {
                QJsonObject meta = plan.edited.value(QStringLiteral("metadata")).toObject();
                QJsonObject ann = meta.value(QStringLiteral("annotations")).toObject();
                ann.insert(keys::ChangeCause, changeCause(f, f.args));
                meta.insert(QStringLiteral("annotations"), ann);
                plan.edited.insert(QStringLiteral("metadata"), meta);
                plan.patch = Patch::createTwoWayMergePatch(original, plan.edited, kindName(t.type.kind));
            }
            if (f.boolValue(QStringLiteral("output-patch")))
                m_k.print(QStringLiteral("Patch: %1\n").arg(QString::fromUtf8(toGoJson(plan.patch))));
            const PatchResult r = Patch::strategicMerge(original, plan.patch);
            if (!r.ok()) {
                m_k.printErr(r.kubectlError() + QLatin1Char('\n'));
                preservedCopy(editor);
                rc = 1;
                continue;
            }
            // The server's answer: editoptions.go addError words an Invalid error itself and reopens
            // the editor with the causes as comments; here they go to stderr, then the edit ends.
            QString serverErr;
            const Kubectl::Sink saved = m_k.m_sink;
            m_k.m_sink = [&](const QString& s, bool isError) {
                if (isError && !s.startsWith(QLatin1String("Warning: ")))
                    serverErr += s;
                else if (saved)
                    saved(s, isError);
                else
                    (isError ? m_k.m_err : m_k.m_out) += s;
            };
            QString err;
            const bool ok = storeJson(t.type.kind, p, r.object, err);
            m_k.m_sink = saved;
            if (ok) {
                editor.discard();
                printWritten(t.type, t.name, QStringLiteral("edited"));
                continue;
            }
            rc = 1;
            if (!err.isEmpty()) {
                fail(err);
                continue;
            }
            const QString invalid = QStringLiteral("The %1 \"%2\" is invalid: ").arg(kindName(t.type.kind), t.name);
            if (!serverErr.startsWith(invalid)) {
                m_k.printErr(serverErr);
                preservedCopy(editor);
                continue;
            }
            QString header = QStringLiteral("# %1 \"%2\" was not valid:\n").arg(t.type.qualifiedPlural(), t.name);
            for (const QString& line : serverErr.mid(invalid.size()).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                if (!line.startsWith(QLatin1String("  at ")))
                    header += QStringLiteral("# * %1\n").arg(line.startsWith(QLatin1String("* ")) ? line.mid(2) : line);
            m_k.printErr(QStringLiteral("error: %1 \"%2\" is invalid\n").arg(t.type.qualifiedPlural(), t.name) + header
                + QStringLiteral("#\n"));
            preservedCopy(editor);
            fail(QStringLiteral("Edit cancelled, no valid changes were saved."));
        }
        return rc;
    }
    /// editoptions.go preservedFile
    void preservedCopy(const TextEditor& editor)
    {
        if (!editor.preservedPath().isEmpty())
            m_k.printErr(QStringLiteral("A copy of your changes has been stored to %1\n")
                             .arg(Patch::goQuote(editor.preservedPath())));
    }

    // ---- rollout -------------------------------------------------------------------------
    int rollout(const QStringList& argv)
    {
        if (argv.isEmpty()) { // kubectl rollout's help, on standard output, and exit status 1
            m_k.print(QStringLiteral(
                "Manage the rollout of one or many resources.\n"
                "        \n"
                " Valid resource types include:\n"
                "\n"
                "  *  deployments\n"
                "  *  daemonsets\n"
                "  *  statefulsets\n"
                "\n"
                "Examples:\n"
                "  # Rollback to the previous deployment\n"
                "  kubectl rollout undo deployment/abc\n"
                "  \n"
                "  # Check the rollout status of a daemonset\n"
                "  kubectl rollout status daemonset/foo\n"
                "  \n"
                "  # Restart a deployment\n"
                "  kubectl rollout restart deployment/abc\n"
                "  \n"
                "  # Restart deployments with the 'app=nginx' label\n"
                "  kubectl rollout restart deployment --selector=app=nginx\n"
                "\n"
                "Available Commands:\n"
                "  history       View rollout history\n"
                "  pause         Mark the provided resource as paused\n"
                "  restart       Restart a resource\n"
                "  resume        Resume a paused resource\n"
                "  status        Show the status of the rollout\n"
                "  undo          Undo a previous rollout\n"
                "\n"
                "Usage:\n"
                "  kubectl rollout SUBCOMMAND [options]\n"
                "\n"
                "Use \"kubectl rollout <command> --help\" for more information about a given command.\n"
                "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n"));
            return 1;
        }
        const QString sub = argv.first();
        m_path += QLatin1Char(' ') + sub;
        static const QStringList subs {"status", "history", "pause", "resume", "undo", "restart"};
        if (!subs.contains(sub)) { // util.DefaultSubCommandRun: every argument, joined
            m_k.printErr(
                QStringLiteral("error: unknown command \"%1\"\nSee 'kubectl rollout -h' for help and examples\n")
                    .arg(argv.join(QLatin1Char(' '))));
            return 1;
        }
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv.mid(1), commandFlags(QStringLiteral("rollout")), f, rc))
            return rc;
        if (f.has(QStringLiteral("dry-run")) && sub != QLatin1String("undo"))
            return flagError(QStringLiteral("unknown flag: --dry-run"));
        if (f.args.isEmpty())
            return fail(QStringLiteral("required resource not specified"));
        std::vector<Target> targets;
        if (!resolveTargets(f.args, targets, rc))
            return rc;
        for (const Target& t : targets) {
            if (t.type.kind != Kind::Deployment) {
                rc = fail(QStringLiteral("no %1 has been implemented for %2")
                              .arg(sub == QLatin1String("status") ? QStringLiteral("status viewer")
                                                                  : QStringLiteral("history viewer"),
                                  QStringLiteral("\"%1, Kind=%2\"")
                                      .arg(t.type.group.isEmpty() ? QStringLiteral("/v1")
                                                                  : t.type.group + QStringLiteral("/v1"),
                                          kindName(t.type.kind))));
                continue;
            }
            auto d = getObj<Deployment>(t.name);
            if (!d) {
                rc = notFound(t.type, t.name);
                continue;
            }
            int r = 0;
            if (sub == QLatin1String("status"))
                r = rolloutStatus(t.name, f);
            else if (sub == QLatin1String("history"))
                r = rolloutHistory(*d, f);
            else if (sub == QLatin1String("pause") || sub == QLatin1String("resume"))
                r = pauseResume(*d, sub == QLatin1String("pause"));
            else if (sub == QLatin1String("undo"))
                r = undo(*d, f);
            else
                r = restart(*d);
            rc = std::max(rc, r);
        }
        return rc;
    }

    int rolloutStatus(const QString& name, const ParsedFlags& f)
    {
        const qint64 revision = f.value(QStringLiteral("revision")).toLongLong();
        if (revision < 0)
            return fail(QStringLiteral("revision must be a positive integer: %1").arg(revision));
        const Millis timeout = parseGoDuration(f.value(QStringLiteral("timeout"))).value_or(0);
        const bool watching = f.boolValue(QStringLiteral("watch"), true);
        auto evaluate = [&](const Deployment& d) {
            const RolloutStatus s = deploymentRolloutStatus(d, revision);
            if (s.error) {
                fail(s.message);
                return 1;
            }
            m_k.print(s.message + QLatin1Char('\n'));
            return s.done ? 0 : -1;
        };
        auto d = getObj<Deployment>(name);
        int r = evaluate(*d);
        if (r >= 0 || !watching)
            return std::max(r, 0);
        std::vector<WatchEvent> pending;
        const int id = store().addListener([&](const WatchEvent& e) {
            if (e.kind == Kind::Deployment && nameOf(e.object) == name && nsOf(e.object) == m_ns)
                pending.push_back(e);
        });
        const Millis limit = now() + (timeout > 0 ? timeout : m_k.m_maxBlock);
        r = -1;
        while (r < 0) {
            if (!m_sim.queue().advanceUntil([&] { return !pending.empty(); }, limit)) {
                if (timeout > 0)
                    r = fail(QStringLiteral("timed out waiting for the condition"));
                else
                    r = fail(QStringLiteral(
                        "rolloutctl: the rollout did not finish within %1 of simulated time; stopped waiting")
                                 .arg(humanDuration(m_k.m_maxBlock)));
                break;
            }
            std::vector<WatchEvent> batch;
            batch.swap(pending);
            for (const WatchEvent& e : batch) {
                if (e.type == WatchType::Deleted) {
                    r = fail(QStringLiteral("object has been deleted"));
                    break;
                }
                r = evaluate(*std::get<DeploymentPtr>(e.object));
                if (r >= 0)
                    break;
            }
        }
        store().removeListener(id);
        return r;
    }

    std::vector<ReplicaSetPtr> ownedReplicaSets(const Deployment& d)
    {
        ReplicaSetPtr newRs;
        std::vector<ReplicaSetPtr> old;
        deploymentReplicaSets(d, store(), newRs, old);
        if (newRs)
            old.push_back(newRs);
        return old;
    }

    int rolloutHistory(const Deployment& d, const ParsedFlags& f)
    {
        const qint64 revision = f.value(QStringLiteral("revision")).toLongLong();
        if (revision < 0)
            return fail(QStringLiteral("revision must be a positive integer: %1").arg(revision));
        QString error;
        const QString text = deploymentRolloutHistory(d, ownedReplicaSets(d), revision, &error);
        if (!error.isEmpty())
            return fail(error);
        m_k.print(text);
        return 0;
    }

    int pauseResume(const Deployment& d, bool pause)
    {
        if (d.spec.paused == pause)
            return fail(
                QStringLiteral("deployments.apps \"%1\" is %2")
                    .arg(d.metadata.name, pause ? QStringLiteral("already paused") : QStringLiteral("not paused")));
        Deployment n = d;
        n.spec.paused = pause;
        if (!updateDeployment(d, n))
            return 1;
        m_k.print(QStringLiteral("deployment.apps/%1 %2\n")
                      .arg(d.metadata.name, pause ? QStringLiteral("paused") : QStringLiteral("resumed")));
        return 0;
    }

    int undo(const Deployment& d, const ParsedFlags& f)
    {
        const qint64 to = f.value(QStringLiteral("to-revision")).toLongLong();
        if (to < 0)
            return fail(QStringLiteral("unable to find specified revision %1 in history").arg(to));
        std::vector<ReplicaSetPtr> owned = ownedReplicaSets(d);
        ReplicaSetPtr target;
        if (to == 0) {
            std::vector<ReplicaSetPtr> sorted = owned;
            std::sort(sorted.begin(), sorted.end(),
                [](const ReplicaSetPtr& a, const ReplicaSetPtr& b) { return revisionOf(*a) < revisionOf(*b); });
            if (sorted.size() < 2)
                return fail(QStringLiteral("no rollout history found for deployment \"%1\"").arg(d.metadata.name));
            target = sorted[sorted.size() - 2];
        } else {
            for (const ReplicaSetPtr& rs : owned)
                if (revisionOf(*rs) == to)
                    target = rs;
            if (!target)
                return fail(QStringLiteral("unable to find specified revision %1 in history").arg(to));
        }
        if (m_dryRun == DryRun::Client) {
            PodTemplateSpec t = target->spec.template_;
            t.metadata.labels.remove(keys::PodTemplateHash);
            m_k.print(podTemplateLines(t));
            return 0;
        }
        if (d.spec.paused)
            return fail(QStringLiteral("you cannot rollback a paused deployment; resume it first with 'kubectl rollout "
                                       "resume' and try again"));
        if (equalIgnoreHash(target->spec.template_, d.spec.template_)) {
            m_k.print(
                QStringLiteral("deployment.apps/%1 skipped rollback (current template already matches revision %2)\n")
                    .arg(d.metadata.name)
                    .arg(to));
            return 0;
        }
        Deployment n = d;
        n.spec.template_ = target->spec.template_;
        n.spec.template_.metadata.labels.remove(keys::PodTemplateHash);
        static const QStringList skip {keys::LastApplied, keys::Revision, keys::RevisionHistory, keys::DesiredReplicas,
            keys::MaxReplicas, keys::RollbackTo};
        Labels ann;
        for (auto it = d.metadata.annotations.begin(); it != d.metadata.annotations.end(); ++it)
            if (skip.contains(it.key()))
                ann.insert(it.key(), it.value());
        for (auto it = target->metadata.annotations.begin(); it != target->metadata.annotations.end(); ++it)
            if (!skip.contains(it.key()))
                ann.insert(it.key(), it.value());
        n.metadata.annotations = ann;
        if (!updateDeployment(d, n))
            return 1;
        m_k.print(QStringLiteral("deployment.apps/%1 rolled back%2\n").arg(d.metadata.name, dryRunSuffix()));
        return 0;
    }

    int restart(const Deployment& d)
    {
        if (d.spec.paused)
            return fail(
                QStringLiteral("deployments.apps \"%1\" can't restart paused deployment (run rollout resume first)")
                    .arg(d.metadata.name));
        const QString stamp = formatTimestamp(store().apiNow());
        if (d.spec.template_.metadata.annotations.value(keys::RestartedAt) == stamp)
            return fail(QStringLiteral("failed to create patch for %1: if restart has already been triggered within "
                                       "the past second, please wait before attempting to trigger another")
                            .arg(d.metadata.name));
        Deployment n = d;
        n.spec.template_.metadata.annotations.insert(keys::RestartedAt, stamp);
        if (!updateDeployment(d, n))
            return 1;
        m_k.print(QStringLiteral("deployment.apps/%1 restarted\n").arg(d.metadata.name));
        return 0;
    }

    // ---- wait ----------------------------------------------------------------------------
    int wait(const QStringList& argv)
    {
        ParsedFlags f;
        int rc = 0;
        if (!parseFlags(argv, commandFlags(QStringLiteral("wait")), f, rc))
            return rc;
        // WaitFlags.ToOptions: the condition first (conditionFuncFor), then the resources.
        const QString cond = f.value(QStringLiteral("for"));
        QString condType, condValue = QStringLiteral("true");
        bool forDelete = false;
        if (cond == QLatin1String("delete"))
            forDelete = true;
        else if (cond.startsWith(QLatin1String("condition="))) {
            condType = cond.mid(10);
            const int eq = condType.indexOf(QLatin1Char('='));
            if (eq >= 0) {
                condValue = condType.mid(eq + 1);
                condType = condType.left(eq);
            }
        } else
            return fail(QStringLiteral("unrecognized condition: \"%1\"").arg(cond));
        if (f.args.isEmpty())
            return missingResources();
        std::vector<Target> targets;
        if (!resolveTargets(f.args, targets, rc))
            return rc;
        const Millis timeout = parseGoDuration(f.value(QStringLiteral("timeout"))).value_or(30000);
        for (const Target& t : targets) {
            auto check = [&]() -> bool {
                ObjectPtr p = find(t.type.kind, t.name);
                if (forDelete)
                    return isNull(p);
                if (isNull(p))
                    return false;
                QString status;
                if (auto* d = std::get_if<DeploymentPtr>(&p)) {
                    if (const Condition* c = (*d)->status.condition(condType))
                        status = c->status;
                } else if (auto* rs = std::get_if<ReplicaSetPtr>(&p)) {
                    for (const Condition& c : (*rs)->status.conditions)
                        if (c.type.compare(condType, Qt::CaseInsensitive) == 0)
                            status = c.status;
                } else if (auto* pod = std::get_if<PodPtr>(&p)) {
                    for (const PodCondition& c : (*pod)->status.conditions)
                        if (c.type.compare(condType, Qt::CaseInsensitive) == 0)
                            status = c.status;
                }
                return status.compare(condValue, Qt::CaseInsensitive) == 0;
            };
            if (!forDelete && isNull(find(t.type.kind, t.name))) {
                rc = notFound(t.type, t.name);
                continue;
            }
            if (!check() && !m_sim.queue().advanceUntil(check, now() + timeout)) {
                rc = fail(QStringLiteral("timed out waiting for the condition on %1/%2").arg(t.type.plural, t.name));
                continue;
            }
            m_k.print(t.type.objectName(t.name) + QStringLiteral(" condition met\n"));
        }
        return rc;
    }

    Kubectl& m_k;
    Simulation& m_sim;
    QString m_stdin;
    QString m_path;
    QString m_ns = QStringLiteral("default");
    bool m_listRequested = false;
    DryRun m_dryRun = DryRun::None;
    QString m_output; // -o of the command
    QJsonObject m_written; // what the last write stored (or would store in a dry run)
    bool m_collect = false; // apply/create -f -o yaml|json: print all objects at the end
    bool m_sharedPrinter = false; // the command prints every object through one printer (yamlSeparator())
    int m_yamlPrinted = 0; // objects that printer printed as YAML
    QJsonArray m_collected;
};

QString Kubectl::applyRolloutLabObject(const QJsonObject& doc, QString* error)
{
    const QString kind = doc.value(QStringLiteral("kind")).toString();
    const QString name = doc.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
    const QString key = kind + QLatin1Char('/') + name;
    if (kind == QLatin1String("ImageBehavior")) {
        auto b = decodeImageBehavior(doc, error);
        if (!b)
            return {};
        m_sim.profile().addImageBehavior(*b);
    } else if (kind == QLatin1String("ClusterProfile")) {
        ClusterProfile p = m_sim.profile();
        if (!decodeClusterProfile(doc, p, error))
            return {};
        const bool reseed = p.seed() && p.seed() != m_sim.profile().seed();
        m_sim.profile() = p;
        if (reseed)
            m_sim.reseed(*p.seed());
        m_sim.kubelet().clusterChanged();
    } else {
        *error = QStringLiteral("resource mapping not found for name: \"%1\" namespace: \"\" from \"\": no matches for "
                                "kind \"%2\" in version \"%3\"\nensure CRDs are installed first")
                     .arg(name, kind, kRolloutLabApiVersion);
        return {};
    }
    const auto it = m_rolloutLab.constFind(key);
    const QString outcome = it == m_rolloutLab.constEnd() ? QStringLiteral("created")
        : *it == doc                                      ? QStringLiteral("unchanged")
                                                          : QStringLiteral("configured");
    m_rolloutLab.insert(key, doc);
    return outcome;
}

Kubectl::Kubectl(Simulation& sim)
    : m_sim(sim)
{ }

TextEditor& Kubectl::editor()
{
    if (!m_editor)
        m_editor = std::make_shared<EnvironmentEditor>();
    return *m_editor;
}

void Kubectl::emitText(const QString& text, bool isError)
{
    if (text.isEmpty())
        return;
    if (m_sink)
        m_sink(text, isError);
    else
        (isError ? m_err : m_out) += text;
}

int Kubectl::run(const QStringList& argv, const QString& stdinText)
{
    m_out.clear();
    m_err.clear();
    KubectlCommand cmd(*this, stdinText);
    return cmd.run(argv);
}

} // namespace rl
