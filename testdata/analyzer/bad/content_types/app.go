//chalice:app binary_types=application/x-mine
package main

//chalice:route POST /a content_types=application/json,application/octet-stream
func A() {}

//chalice:route POST /b content_types=text/plain,json
func B() {}

//chalice:route POST /c content_types=application/x-mine,image/png
func C() {}
