module google.golang.org/appengine
