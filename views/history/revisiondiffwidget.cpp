#include "history/revisiondiffwidget.h"

#include "history/diffview.h"
#include "kubectl/describe.h"
#include "kubectl/rollout.h"
#include "models/rollouthistorymodel.h"
#include "sim/simulation.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace rl {

RevisionDiffWidget::RevisionDiffWidget(QWidget* parent)
    : QWidget(parent)
    , m_model(new RolloutHistoryModel(this))
    , m_table(new QTableView(this))
    , m_from(new QComboBox(this))
    , m_to(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_view(new DiffView(this))
{
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setShowGrid(false);
    m_table->setToolTip(tr("kubectl rollout history: select a revision to compare it with the one before"));
    m_from->setToolTip(tr("The older revision (lines removed from it are marked -)"));
    m_to->setToolTip(tr("The newer revision (lines added in it are marked +)"));

    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Compare revision"), this));
    pick->addWidget(m_from);
    pick->addWidget(new QLabel(tr("with"), this));
    pick->addWidget(m_to);
    pick->addWidget(m_summary, 1);
    auto* diffPane = new QWidget(this);
    auto* diffLayout = new QVBoxLayout(diffPane);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->addLayout(pick);
    diffLayout->addWidget(m_view, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(diffPane);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_from, &QComboBox::currentIndexChanged, this, &RevisionDiffWidget::updateDiff);
    connect(m_to, &QComboBox::currentIndexChanged, this, &RevisionDiffWidget::updateDiff);
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (!current.isValid() || current.row() == 0)
                return;
            const qint64 to = current.data(ObjectTableModel::RevisionRole).toLongLong();
            const qint64 from = m_model->index(current.row() - 1, 0).data(ObjectTableModel::RevisionRole).toLongLong();
            setRevisions(from, to);
        });
}

void RevisionDiffWidget::setSimulation(const Simulation* sim)
{
    m_sim = sim;
    m_model->setSimulation(sim);
    updateRevisionChoices();
}

void RevisionDiffWidget::refresh()
{
    m_model->refresh();
    updateRevisionChoices();
}

void RevisionDiffWidget::setDeployment(const QString& ns, const QString& name)
{
    m_ns = ns;
    m_name = name;
    m_model->setNamespace(ns);
    m_model->setDeployment(name);
    m_from->clear();
    m_to->clear();
    updateRevisionChoices();
}

QStringList RevisionDiffWidget::revisions() const
{
    QStringList out;
    for (int r = 0; r < m_model->rowCount(); ++r)
        out << m_model->index(r, 0).data().toString();
    return out;
}

void RevisionDiffWidget::updateRevisionChoices()
{
    const QStringList revs = revisions();
    QStringList current;
    for (int i = 0; i < m_to->count(); ++i)
        current << m_to->itemText(i);
    if (revs == current) {
        updateDiff(); // the same revisions; a template cannot change, but one may have been replaced
        return;
    }
    const QString from = m_from->currentText();
    const QString to = m_to->currentText();
    const bool wasLatest = m_to->currentIndex() == m_to->count() - 1;
    const QSignalBlocker b1(m_from);
    const QSignalBlocker b2(m_to);
    m_from->clear();
    m_to->clear();
    m_from->addItems(revs);
    m_to->addItems(revs);
    // keep the choice; by default (or following the newest) compare the last two revisions
    const int toIndex = !wasLatest && revs.contains(to) ? int(revs.indexOf(to)) : int(revs.size()) - 1;
    const int fromIndex = revs.contains(from) && !wasLatest ? int(revs.indexOf(from)) : std::max(0, toIndex - 1);
    m_to->setCurrentIndex(toIndex);
    m_from->setCurrentIndex(fromIndex);
    updateDiff();
}

void RevisionDiffWidget::setRevisions(qint64 from, qint64 to)
{
    const QSignalBlocker b1(m_from);
    const QSignalBlocker b2(m_to);
    m_from->setCurrentIndex(m_from->findText(QString::number(from)));
    m_to->setCurrentIndex(m_to->findText(QString::number(to)));
    updateDiff();
}

qint64 RevisionDiffWidget::fromRevision() const
{
    return m_from->currentText().toLongLong();
}

qint64 RevisionDiffWidget::toRevision() const
{
    return m_to->currentText().toLongLong();
}

void RevisionDiffWidget::updateDiff()
{
    QString diff;
    QString summary;
    const DeploymentPtr d = m_sim ? m_sim->store().get<Deployment>(m_ns, m_name) : nullptr;
    if (!d) {
        summary = m_name.isEmpty() ? QString() : tr("No Deployment %1").arg(m_name);
    } else if (m_from->count() == 0) {
        summary = tr("No rollout history found.");
    } else {
        ReplicaSetPtr newRs;
        std::vector<ReplicaSetPtr> owned;
        deploymentReplicaSets(*d, m_sim->store(), newRs, owned);
        if (newRs)
            owned.push_back(newRs);
        QString error;
        diff = deploymentRevisionDiff(*d, owned, fromRevision(), toRevision(), &error);
        if (!error.isEmpty())
            summary = error;
        else if (diff.isEmpty())
            summary = tr("The pod templates are identical.");
    }
    m_summary->setText(summary);
    if (diff != m_diff || m_view->toPlainText().isEmpty() != diff.isEmpty()) {
        m_diff = diff;
        m_view->setDiff(diff);
    }
}

} // namespace rl
