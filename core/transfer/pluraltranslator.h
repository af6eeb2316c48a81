#pragma once

class QCoreApplication;

namespace ferry {

// English plurals for the "%n file(s)" strings (Qt's numerus form, tr(text, nullptr, n)):
// "1 file", "2 files". What an English .qm would do, done in code so that English reads
// right without one, in the window and in ferry-cli alike (QtCore only, hence in core); a
// real translation installed later (French) takes precedence.
void installEnglishPlurals(QCoreApplication *app);

} // namespace ferry
