package shapes

type Circle struct{ R float64 }
