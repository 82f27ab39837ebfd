// GoogleMock matchers on recorded requests (fakeserver::Action, from ApiServer::actions()),
// client-go's testing.Action checks as matchers, printed in Kubernetes terms:
//
//   EXPECT_THAT(server.actions().List(),
//               Contains(AllOf(IsAction("update", "pods/status"), OnObjectNamed("web"))));
//
// Header-only: include it from tests, which link GoogleMock.
#pragma once

#include <gmock/gmock.h>

#include <ostream>
#include <string>

#include "kubefake/fakeserver/action.h"

namespace kubefake::fakeserver {

// gtest prints an Action as "update pods/status default/web -> 200".
inline void PrintTo(const Action& action, std::ostream* out) { *out << action.String(); }

}  // namespace kubefake::fakeserver

namespace kubefake::testkit {

// `verb` ("get" ... "deletecollection", "*") on `resource` written as in faults:
// "pods", "pods/status", "deployments.apps", "*". An invalid pattern matches nothing and says why.
MATCHER_P2(IsAction, verb, resource,
           std::string(negation ? "isn't" : "is") + " a request to " + std::string(verb) + " " +
               std::string(resource)) {
  Result<fakeserver::ActionPattern> pattern = fakeserver::ActionPattern::For(verb, resource);
  if (!pattern) {
    *result_listener << pattern.error().message();
    return false;
  }
  return pattern->Matches(arg);
}

MATCHER_P(HasVerb, verb,
          std::string(negation ? "doesn't have" : "has") + " verb " + std::string(verb)) {
  return arg.verb == verb;
}

// The object the path names (empty for a create, whose object names itself in the body).
MATCHER_P(OnObjectNamed, name,
          std::string(negation ? "isn't" : "is") + " on the object named " + std::string(name)) {
  return arg.name == name;
}

MATCHER_P(InNamespace, namespace_,
          std::string(negation ? "isn't" : "is") + " in namespace " + std::string(namespace_)) {
  return arg.namespace_ == namespace_;
}

MATCHER_P(ByUser, user,
          std::string(negation ? "isn't" : "is") + " made by user " + std::string(user)) {
  return arg.user == user;
}

// The HTTP status the request was answered with.
MATCHER_P(AnsweredWith, code,
          std::string(negation ? "isn't" : "is") + " answered with " + std::to_string(code)) {
  return arg.code == code;
}

}  // namespace kubefake::testkit
