package notmain

//chalice:route /
func Index() {}
