#include "ftperror.h"
