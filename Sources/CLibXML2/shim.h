#ifndef ORDERFLOW_CLIBXML2_SHIM_H
#define ORDERFLOW_CLIBXML2_SHIM_H

// xmlversion.h first, then drop ICU: Debian's headers pull in the system ICU, which clashes
// with the ICU that Foundation carries ("'UErrorCode' has different definitions") on clean builds.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function-pointer variable, which Swift 6 rejects as not concurrency-safe.
static inline void orderflow_xmlFree(void *pointer) { xmlFree(pointer); }

// The generic error callback is printf-style and cannot be written in Swift: silence it here
// and report through the structured handler instead.
static inline void orderflow_silentGenericError(void *context, const char *message, ...) {
    (void)context; (void)message;
}
static inline void orderflow_silenceGenericErrors(void) {
    xmlSetGenericErrorFunc(NULL, orderflow_silentGenericError);
}

// The calling thread's structured error handler and its context (libxml2 keeps them per thread),
// so a collector can install its own for a while and put the previous one back.
static inline xmlStructuredErrorFunc orderflow_currentStructuredErrorFunc(void) {
    return *__xmlStructuredError();
}
static inline void *orderflow_currentStructuredErrorContext(void) {
    return *__xmlStructuredErrorContext();
}

// Silence the generic handler for the calling thread and for threads created later.
static inline void orderflow_silenceGenericErrorsEverywhere(void) {
    xmlSetGenericErrorFunc(NULL, orderflow_silentGenericError);
    xmlThrDefSetGenericErrorFunc(NULL, orderflow_silentGenericError);
}

#endif
