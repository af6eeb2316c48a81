#pragma once

class QCoreApplication;

namespace ferry {

// English plurals for the "%n file(s)" strings (Qt's numerus form, tr(text, nullptr, n)):
// "1 file", "2 files". What an English .qm would do, done in code so that the English UI
// reads right without one; a real translation installed later (French) takes precedence.
void installEnglishPlurals(QCoreApplication *app);

} // namespace ferry
