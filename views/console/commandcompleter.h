#pragma once

#include <QString>
#include <QStringList>

namespace rl {

class Simulation;

/// Completion of a console line: the script verbs (kubectl, sim, sleep, echo, export), kubectl's
/// commands, subcommands and flags (model/kubectl/commands.h), resource types with their short
/// names, object names from the simulation (also in TYPE/NAME form) and -o formats.
class CommandCompleter
{
public:
    struct Result
    {
        int wordStart = 0; // position of the word being completed in the line
        QString word; // the text of that word before the cursor
        QStringList choices; // sorted, each a full replacement of `word`
        /// The longest common prefix of the choices (at least `word` when there are choices).
        QString commonPrefix() const;
    };

    explicit CommandCompleter(const Simulation* sim = nullptr)
        : m_sim(sim)
    { }
    void setSimulation(const Simulation* sim) { m_sim = sim; }

    Result complete(const QString& line, int cursor) const;

private:
    QStringList objectNames(const QString& type, const QString& ns) const;
    const Simulation* m_sim;
};

} // namespace rl
